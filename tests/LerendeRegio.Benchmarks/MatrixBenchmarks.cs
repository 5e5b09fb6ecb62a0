using BenchmarkDotNet.Attributes;
using LerendeRegio.Web.Content;
using LerendeRegio.Web.Elements;
using LerendeRegio.Web.Setup;
using LerendeRegio.Web.Site;
using LerendeRegio.Web.Vocabularies;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace LerendeRegio.Benchmarks;

/// <summary>
/// The werkzame-elementen matrix page for the whole seeded content (setup recipe and content-seed imported into a fresh
/// SQLite database, exactly as on first start), requested in-process through the site's whole pipeline.
/// <c>Uncached</c>: output cache and read cache off, so every request reads the published content from the database,
/// builds the matrix and renders the page. <c>ReadCache</c>: the default site without output cache; the matrix comes
/// from the read cache and only the page is rendered. <c>BuildOnly</c>: computing the matrix from a loaded graph.
/// Run: <c>dotnet run -c Release --project tests/LerendeRegio.Benchmarks -- matrix</c>.
/// </summary>
[MemoryDiagnoser]
public class MatrixBenchmarks
{
    private Site _uncached = null!, _readCache = null!;
    private HttpClient _uncachedClient = null!, _readCacheClient = null!;
    private PublishedContentGraph _graph = null!;
    private IReadOnlyList<Vocabulary> _vocabularies = null!;
    private IReadOnlyDictionary<string, ContentTypeDefinition> _types = null!;

    [GlobalSetup]
    public async Task Setup()
    {
        _uncached = new Site(contentCache: false);
        _readCache = new Site(contentCache: true);
        _uncachedClient = await _uncached.StartAsync();
        _readCacheClient = await _readCache.StartAsync();
        await using var scope = _readCache.Services.CreateAsyncScope();
        _graph = await scope.ServiceProvider.GetRequiredService<PublishedContentGraphStore>().GetAsync();
        _vocabularies = await scope.ServiceProvider.GetRequiredService<VocabularyStore>().GetAllAsync();
        _types = await scope.ServiceProvider.GetRequiredService<ContentDefinitionStore>().GetTypesAsync();
    }

    [GlobalCleanup]
    public async Task Cleanup()
    {
        await _uncached.DisposeAsync();
        await _readCache.DisposeAsync();
    }

    [Benchmark(Description = "GET /werkzame-elementen, database + build + render")]
    public async Task<int> Uncached() => (await _uncachedClient.GetByteArrayAsync("/werkzame-elementen")).Length;

    [Benchmark(Description = "GET /werkzame-elementen?gemeente=emmen&gemeente=hardenberg, database + build + render")]
    public async Task<int> UncachedFiltered() => (await _uncachedClient.GetByteArrayAsync("/werkzame-elementen?gemeente=emmen&gemeente=hardenberg")).Length;

    [Benchmark(Description = "GET /werkzame-elementen, matrix from the read cache, render")]
    public async Task<int> ReadCache() => (await _readCacheClient.GetByteArrayAsync("/werkzame-elementen")).Length;

    [Benchmark(Description = "GET /werkzame-elementen.csv, database + build + CSV")]
    public async Task<int> UncachedCsv() => (await _uncachedClient.GetByteArrayAsync("/werkzame-elementen.csv")).Length;

    [Benchmark(Description = "ElementMatrixBuilder.Build (graph in memory)")]
    public int BuildOnly() => ElementMatrixBuilder.Build(_graph, _vocabularies, _types, new ElementFilter()).Rows.Count;

    /// <summary>A seeded site in this process on a fresh data folder; no search index (not needed for the matrix).</summary>
    private sealed class Site(bool contentCache) : WebApplicationFactory<SetupState> // any type of the web assembly names its entry point
    {
        private readonly string _dataPath = Directory.CreateTempSubdirectory("lr-matrix-bench-").FullName;

        public async Task<HttpClient> StartAsync()
        {
            var client = CreateClient();
            await Services.GetRequiredService<SetupState>().Ready;
            return client;
        }

        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            // BenchmarkDotNet's in-process runner does not find the test manifest that names the web project's folder.
            builder.UseContentRoot(WebProjectFolder());
            builder.UseEnvironment("Production");
            builder.UseSetting("LerendeRegio:DataPath", _dataPath);
            builder.UseSetting("LerendeRegio:SearchIndex", "false");
            builder.UseSetting("LerendeRegio:OutputCache", "false");
            builder.UseSetting("LerendeRegio:ContentCache", contentCache.ToString());
        }

        private static string WebProjectFolder()
        {
            for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            {
                if (File.Exists(Path.Combine(dir.FullName, "LerendeRegio.sln"))) return Path.Combine(dir.FullName, "src", "LerendeRegio.Web");
            }
            throw new InvalidOperationException("LerendeRegio.sln not found above " + AppContext.BaseDirectory);
        }

        public override async ValueTask DisposeAsync()
        {
            await base.DisposeAsync();
            try { Directory.Delete(_dataPath, recursive: true); } catch (IOException) { }
        }
    }
}
