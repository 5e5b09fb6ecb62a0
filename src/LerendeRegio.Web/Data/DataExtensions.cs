using LerendeRegio.Web.Setup;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace LerendeRegio.Web.Data;

/// <summary>The data folder (SQLite database, mail, media), resolved against the content root and created on first use.</summary>
public sealed class DataPaths(IOptions<LerendeRegioOptions> options, IHostEnvironment environment)
{
    private readonly Lazy<string> _root = new(() =>
    {
        var configured = options.Value.DataPath;
        var path = Path.GetFullPath(Path.IsPathRooted(configured) ? configured : Path.Combine(environment.ContentRootPath, configured));
        Directory.CreateDirectory(path);
        return path;
    });

    public string Root => _root.Value;

    public string Combine(string relative) => Path.Combine(Root, relative);
}

public static class DataExtensions
{
    /// <summary>
    /// Registers the database: SQLite in the data folder by default, PostgreSQL when configured. The choice is read
    /// from options when a context is made, so every configuration source (also a test host's) applies.
    /// </summary>
    public static IHostApplicationBuilder AddLerendeRegioData(this IHostApplicationBuilder builder)
    {
        builder.Services.AddSingleton<DataPaths>();
        builder.Services.AddDbContextPool<SqliteDbContext>((sp, o) =>
        {
            var database = sp.GetRequiredService<IOptions<LerendeRegioOptions>>().Value.Database;
            var connectionString = database.ConnectionString is { Length: > 0 } configured && database.Provider == DatabaseProvider.Sqlite
                ? configured
                : $"Data Source={sp.GetRequiredService<DataPaths>().Combine("lerende-regio.db")};Pooling=True";
            o.UseSqlite(connectionString);
        });
        builder.Services.AddDbContextPool<PostgresDbContext>((sp, o) =>
            o.UseNpgsql(sp.GetRequiredService<IOptions<LerendeRegioOptions>>().Value.Database.ConnectionString));
        builder.Services.AddScoped<LerendeRegioDbContext>(sp =>
            sp.GetRequiredService<IOptions<LerendeRegioOptions>>().Value.Database.Provider == DatabaseProvider.PostgreSql
                ? sp.GetRequiredService<PostgresDbContext>()
                : sp.GetRequiredService<SqliteDbContext>());
        return builder;
    }
}
