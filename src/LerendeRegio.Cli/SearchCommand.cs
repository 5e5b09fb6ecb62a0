using LerendeRegio.Web.Content;
using LerendeRegio.Web.Data;
using LerendeRegio.Web.Search;
using LerendeRegio.Web.Setup;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace LerendeRegio.Cli;

/// <summary>
/// <c>search rebuild</c>: rebuilds this machine's search index from the database with a progress bar. Stop the site
/// first (one writer per index); a running site rebuilds by itself when its index folder is deleted.
/// </summary>
internal static class SearchCommand
{
    public static async Task<int> RebuildAsync(string repositoryRoot)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings
        {
            // The same defaults as `dotnet run --project src/LerendeRegio.Web`: App_Data under the web project.
            ContentRootPath = Path.Combine(repositoryRoot, "src", "LerendeRegio.Web"),
        });
        builder.AddSetup();
        builder.AddLerendeRegioData();
        builder.AddContentCore();
        builder.AddSearch();
        builder.Services.AddMemoryCache();
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        using var host = builder.Build();
        var index = host.Services.GetRequiredService<SearchIndex>();
        Console.WriteLine($"Rebuilding the search index in {index.Folder}");
        try
        {
            await index.RebuildFromScratchAsync(CancellationToken.None, new Progress<(int Done, int Total)>(p => Bar(p.Done, p.Total)));
        }
        catch (Lucene.Net.Store.LockObtainFailedException)
        {
            Console.Error.WriteLine("\nThe index is in use: stop the site first, or delete the index folder and let the running site rebuild it.");
            return 1;
        }
        Console.WriteLine($"\nDone: the index is up to date with the change log up to entry {index.Cursor}.");
        return 0;
    }

    private static void Bar(int done, int total)
    {
        const int width = 40;
        var filled = total == 0 ? width : done * width / total;
        Console.Write($"\r[{new string('#', filled)}{new string('.', width - filled)}] {done}/{total}");
    }
}
