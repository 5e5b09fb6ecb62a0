using LerendeRegio.Web.Setup;
using Microsoft.EntityFrameworkCore;

namespace LerendeRegio.Web.Data;

public static class DataExtensions
{
    /// <summary>Registers the database: SQLite in the data folder by default, PostgreSQL when configured.</summary>
    public static IHostApplicationBuilder AddLerendeRegioData(this IHostApplicationBuilder builder)
    {
        var options = builder.Configuration.GetSection(LerendeRegioOptions.Section).Get<LerendeRegioOptions>() ?? new();
        var dataPath = ResolveDataPath(builder.Environment.ContentRootPath, options.DataPath);
        Directory.CreateDirectory(dataPath);

        if (options.Database.Provider == DatabaseProvider.PostgreSql)
        {
            builder.Services.AddDbContextPool<PostgresDbContext>(o => o.UseNpgsql(options.Database.ConnectionString));
            builder.Services.AddScoped<LerendeRegioDbContext>(sp => sp.GetRequiredService<PostgresDbContext>());
        }
        else
        {
            var connectionString = options.Database.ConnectionString
                ?? $"Data Source={Path.Combine(dataPath, "lerende-regio.db")};Cache=Shared;Pooling=True";
            builder.Services.AddDbContextPool<SqliteDbContext>(o => o.UseSqlite(connectionString));
            builder.Services.AddScoped<LerendeRegioDbContext>(sp => sp.GetRequiredService<SqliteDbContext>());
        }
        return builder;
    }

    public static string ResolveDataPath(string contentRoot, string dataPath) =>
        Path.GetFullPath(Path.IsPathRooted(dataPath) ? dataPath : Path.Combine(contentRoot, dataPath));
}
