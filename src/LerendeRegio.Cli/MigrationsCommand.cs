using LerendeRegio.Web.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;
using Microsoft.EntityFrameworkCore.Migrations.Design;
using Microsoft.Extensions.DependencyInjection;

namespace LerendeRegio.Cli;

/// <summary>Scaffolds one migration per database provider, each into its own folder of the web project.</summary>
internal static class MigrationsCommand
{
    private const string RootNamespace = "LerendeRegio.Web";

    public static int Add(string name, string repositoryRoot)
    {
        var projectDir = Path.Combine(repositoryRoot, "src", "LerendeRegio.Web");
        foreach (var (context, folder, designServices) in Providers())
        {
            using (context)
            {
                var services = new ServiceCollection()
                    .AddEntityFrameworkDesignTimeServices()
                    .AddDbContextDesignTimeServices(context);
                designServices.ConfigureDesignTimeServices(services);
                using var provider = services.BuildServiceProvider();
                var scaffolder = provider.GetRequiredService<IMigrationsScaffolder>();
                var migration = scaffolder.ScaffoldMigration(name, RootNamespace, $"Data.Migrations.{folder}", "C#");
                var files = scaffolder.Save(projectDir, migration, Path.Combine(projectDir, "Data", "Migrations", folder));
                Console.WriteLine($"{folder}: {Path.GetRelativePath(repositoryRoot, files.MigrationFile!)}");
            }
        }
        return 0;
    }

    public static int Check()
    {
        var pending = 0;
        foreach (var (context, folder, _) in Providers())
        {
            using (context)
            {
                if (!context.Database.HasPendingModelChanges()) continue;
                Console.Error.WriteLine($"{folder}: the model has changes without a migration.");
                pending++;
            }
        }
        return pending == 0 ? 0 : 1;
    }

    private static IEnumerable<(LerendeRegioDbContext Context, string Folder, IDesignTimeServices DesignServices)> Providers()
    {
        yield return (
            new SqliteDbContext(new DbContextOptionsBuilder<SqliteDbContext>().UseSqlite("Data Source=:memory:").Options),
            "Sqlite",
            new Microsoft.EntityFrameworkCore.Sqlite.Design.Internal.SqliteDesignTimeServices());
        yield return (
            new PostgresDbContext(new DbContextOptionsBuilder<PostgresDbContext>().UseNpgsql("Host=localhost").Options),
            "PostgreSql",
            new Npgsql.EntityFrameworkCore.PostgreSQL.Design.Internal.NpgsqlDesignTimeServices());
    }
}

internal static class Repository
{
    /// <summary>The folder with LerendeRegio.sln, found upwards from the current directory.</summary>
    public static string Root()
    {
        for (var dir = new DirectoryInfo(Directory.GetCurrentDirectory()); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "LerendeRegio.sln"))) return dir.FullName;
        }
        throw new InvalidOperationException("Run this from inside the repository (LerendeRegio.sln not found).");
    }
}
