using LerendeRegio.Web.Setup;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace LerendeRegio.IntegrationTests;

/// <summary>
/// A whole site on a fresh, real database: setup recipe run and seed content imported, exactly as on first start.
/// SQLite in a temporary data folder, or a new PostgreSQL database on the server the test script started.
/// </summary>
public abstract class SiteFixture : WebApplicationFactory<Program>, IAsyncLifetime
{
    public const string PostgresVariable = "LERENDEREGIO_TEST_POSTGRES";
    public const string AdminEmail = "beheer@lerenderegio.test";
    public const string AdminPassword = "een lang en veilig wachtwoord";

    private readonly bool _ownsDataPath;

    protected SiteFixture(string? dataPath = null)
    {
        _ownsDataPath = dataPath is null;
        DataPath = dataPath ?? Directory.CreateTempSubdirectory("lr-test-").FullName;
    }

    public string DataPath { get; }

    protected abstract DatabaseProvider Provider { get; }

    protected virtual bool SearchIndexOnThisNode => true;

    protected string? ConnectionString { get; set; }

    /// <summary>Settings a fixture adds on top of the defaults (for example, output cache off).</summary>
    protected virtual IEnumerable<KeyValuePair<string, string?>> ExtraSettings => [];

    public virtual async Task InitializeAsync()
    {
        _ = Services; // starts the host: migrations, setup recipe, seed import
        await Services.GetRequiredService<SetupState>().Ready;
        if (SearchIndexOnThisNode) await Services.GetRequiredService<LerendeRegio.Web.Search.SearchIndex>().WaitForAsync(0).WaitAsync(TimeSpan.FromSeconds(60));
    }

    public new virtual async Task DisposeAsync()
    {
        await base.DisposeAsync();
        if (_ownsDataPath)
        {
            try { Directory.Delete(DataPath, recursive: true); } catch (IOException) { }
        }
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Production");
        var settings = new Dictionary<string, string?>
        {
            ["LerendeRegio:DataPath"] = DataPath,
            ["LerendeRegio:Database:Provider"] = Provider.ToString(),
            ["LerendeRegio:Database:ConnectionString"] = ConnectionString,
            ["LerendeRegio:Admin:Email"] = AdminEmail,
            ["LerendeRegio:Admin:Password"] = AdminPassword,
        };
        foreach (var (key, value) in ExtraSettings) settings[key] = value;
        foreach (var (key, value) in settings) builder.UseSetting(key, value);
    }

    public AsyncServiceScope Scope() => Services.CreateAsyncScope();

    public T Get<T>(AsyncServiceScope scope) where T : notnull => scope.ServiceProvider.GetRequiredService<T>();
}

public sealed class SqliteSite : SiteFixture
{
    private readonly bool _searchIndex = true;

    public SqliteSite()
    {
    }

    private SqliteSite(string dataPath, bool searchIndex) : base(dataPath) => _searchIndex = searchIndex;

    /// <summary>A site on an existing data folder (a restart), optionally without a search index on this node.</summary>
    public static SqliteSite OnDataPath(string dataPath, bool searchIndex) => new(dataPath, searchIndex);

    protected override DatabaseProvider Provider => DatabaseProvider.Sqlite;

    protected override IEnumerable<KeyValuePair<string, string?>> ExtraSettings => [new("LerendeRegio:SearchIndex", _searchIndex.ToString())];

    protected override bool SearchIndexOnThisNode => _searchIndex;
}

/// <summary>A fresh database on the PostgreSQL server named by <c>LERENDEREGIO_TEST_POSTGRES</c>; tests/run.sh starts one.</summary>
public sealed class PostgresSite : SiteFixture
{
    private readonly string _database = "lr_test_" + Guid.NewGuid().ToString("N")[..12];
    private readonly bool _ownsDatabase = true;
    private string? _server;

    public PostgresSite()
    {
    }

    private PostgresSite(PostgresSite first)
    {
        _database = first._database;
        _server = first._server;
        _ownsDatabase = false;
    }

    /// <summary>Another web node on the same database (its own caches, its own change-log follower).</summary>
    public PostgresSite SecondNode() => new(this);

    protected override DatabaseProvider Provider => DatabaseProvider.PostgreSql;

    public override async Task InitializeAsync()
    {
        if (_ownsDatabase)
        {
            _server = Environment.GetEnvironmentVariable(PostgresVariable);
            if (string.IsNullOrEmpty(_server))
                throw new InvalidOperationException($"{PostgresVariable} is not set. Run the tests with tests/run.sh, which starts a PostgreSQL server.");
            await using var connection = new NpgsqlConnection(_server);
            await connection.OpenAsync();
            await using var create = new NpgsqlCommand($"CREATE DATABASE \"{_database}\"", connection);
            await create.ExecuteNonQueryAsync();
        }
        ConnectionString = new NpgsqlConnectionStringBuilder(_server) { Database = _database }.ConnectionString;
        await base.InitializeAsync();
    }

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        if (_server is null || !_ownsDatabase) return;
        NpgsqlConnection.ClearAllPools();
        await using var connection = new NpgsqlConnection(_server);
        await connection.OpenAsync();
        await using var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS \"{_database}\" WITH (FORCE)", connection);
        await drop.ExecuteNonQueryAsync();
    }
}
