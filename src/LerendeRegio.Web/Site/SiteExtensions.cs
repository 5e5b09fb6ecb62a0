using System.Globalization;
using LerendeRegio.Web.Content;
using LerendeRegio.Web.Setup;
using Microsoft.AspNetCore.HttpOverrides;
using Microsoft.Extensions.Options;

namespace LerendeRegio.Web.Site;

public static class SiteExtensions
{
    /// <summary>The public site: Razor Pages in Dutch, the theme, markdown, and output caching of anonymous pages.</summary>
    public static WebApplicationBuilder AddPublicSite(this WebApplicationBuilder builder)
    {
        // Theme CSS lives in the theme's project. A build output finds it through the static web assets manifest in
        // every environment (not only Development); a published site has it copied to wwwroot and this is a no-op.
        builder.WebHost.UseStaticWebAssets();
        // A build output's manifest would also switch on ASP.NET Core's reload of static assets at runtime (meant for
        // Visual Studio's hot reload): every asset sent with no-cache instead of a year's immutable caching, and a
        // catch-all route whose constraint looks for a file on disk on every request (4% of a search request's CPU).
        // The site runs from its build output (README), so it is off unless set (ReloadStaticAssetsAtRuntime=true).
        builder.Configuration["ReloadStaticAssetsAtRuntime"] ??= "false";
        builder.Services.AddRazorPages();
        builder.Services.Configure<RouteOptions>(o =>
        {
            o.ConstraintMap[ContentTypeRouteConstraint.Name] = typeof(ContentTypeRouteConstraint);
            o.LowercaseUrls = true;
        });
        // Dutch text (é, ë, ï) stays as it is instead of becoming &#xE9;: smaller pages, less encoding work.
        builder.Services.Configure<Microsoft.Extensions.WebEncoders.WebEncoderOptions>(o =>
            o.TextEncoderSettings = new System.Text.Encodings.Web.TextEncoderSettings(System.Text.Unicode.UnicodeRanges.All));
        builder.Services.AddMemoryCache(o => o.SizeLimit = 64 * 1024 * 1024);
        builder.Services.AddSingleton<MarkdownRenderer>();
        builder.Services.AddSingleton<ContentHtml>();
        builder.Services.AddSingleton<SiteNavigation>();
        builder.Services.AddSingleton<ThemeCatalog>();
        builder.Services.AddSingleton<SiteSettingsStore>();
        builder.Services.AddScoped<ContentDisplay>();
        builder.Services.AddScoped<ContentListing>();
        builder.Services.AddScoped<SiteOverview>();
        builder.Services.AddScoped<IContentChangeHandler, OutputCacheEviction>();
        builder.Services.AddOutputCache(o =>
        {
            o.AddPolicy(PublicPagePolicy, p => p.Expire(TimeSpan.FromMinutes(10)).Tag(OutputCacheEviction.Tag).SetVaryByQuery("*"));
        });
        builder.Services.AddResponseCompression(o => o.EnableForHttps = true);
        return builder;
    }

    public const string PublicPagePolicy = "public-page";

    public static WebApplication UsePublicSite(this WebApplication app)
    {
        // One language for now: Dutch for every request, without a per-request localisation middleware.
        CultureInfo.DefaultThreadCurrentCulture = CultureInfo.DefaultThreadCurrentUICulture = CultureInfo.GetCultureInfo("nl-NL");
        // Behind a proxy the client's address (rate limits, logs) and scheme (links in feeds, mail, redirects) come from
        // X-Forwarded-*; those headers are believed only from the proxies named in the settings (and loopback).
        var proxy = app.Services.GetRequiredService<IOptions<LerendeRegioOptions>>().Value.Proxy;
        var forwarded = new ForwardedHeadersOptions { ForwardedHeaders = ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto };
        foreach (var address in proxy.KnownProxies) forwarded.KnownProxies.Add(System.Net.IPAddress.Parse(address));
        foreach (var network in proxy.KnownNetworks) forwarded.KnownIPNetworks.Add(System.Net.IPNetwork.Parse(network));
        app.UseForwardedHeaders(forwarded);
        app.UseExceptionHandler("/fout/500");
        app.UseStatusCodePagesWithReExecute("/fout/{0}");
        if (!app.Environment.IsDevelopment()) app.UseHsts();
        app.Use(async (context, next) =>
        {
            var headers = context.Response.Headers;
            headers.XContentTypeOptions = "nosniff";
            headers["Referrer-Policy"] = "strict-origin-when-cross-origin";
            headers.ContentSecurityPolicy = "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; frame-ancestors 'none'; base-uri 'self'; form-action 'self'";
            await next();
        });
        app.UseResponseCompression();
        app.UseRouting();
        return app;
    }

    /// <summary>The output cache of anonymous pages and API answers; after routing and the API's rate limit.</summary>
    public static WebApplication UsePageCache(this WebApplication app)
    {
        if (app.Services.GetRequiredService<IOptions<LerendeRegioOptions>>().Value.OutputCache) app.UseOutputCache();
        return app;
    }

    public static WebApplication MapPublicSite(this WebApplication app)
    {
        app.MapStaticAssets();
        app.MapRazorPages().WithStaticAssets();
        return app;
    }

    /// <summary>
    /// A minimal endpoint of the same build, the baseline the load script compares pages with; and the bytes this
    /// process has allocated so far, which the script reads before and after a run to report memory allocated per request.
    /// </summary>
    public static WebApplication MapBenchmarkEndpoints(this WebApplication app)
    {
        if (!app.Services.GetRequiredService<IOptions<LerendeRegioOptions>>().Value.BenchmarkEndpoints) return app;
        app.MapGet("/bench/plain", () => "Hallo, Drenthe!").ExcludeFromDescription();
        app.MapGet("/bench/allocated", () => GC.GetTotalAllocatedBytes(precise: true).ToString(System.Globalization.CultureInfo.InvariantCulture)).ExcludeFromDescription();
        app.MapGet("/bench/search/{times:int:range(1,1000000)}", SearchInProcess).ExcludeFromDescription();
        // The search request taken apart over HTTP, with the conventions of /api/search (rate limit, CORS, ETag): its
        // answer without the search, and its search without the answer. The load script sets them beside the whole.
        var parts = app.MapGroup("/bench/search-parts")
            .RequireRateLimiting(Api.ContentApi.RateLimitPolicy)
            .RequireCors(Api.ContentApi.CorsPolicy)
            .AddEndpointFilter<Api.ConditionalGet>()
            .ExcludeFromDescription();
        var keptResults = new System.Collections.Concurrent.ConcurrentDictionary<string, Search.SearchResult>(StringComparer.Ordinal);
        parts.MapGet("/answer", async (HttpRequest request, Search.SearchService search) =>
        {
            // Searched once per query string; every request writes that result's answer (JSON, ETag, sending).
            var key = request.QueryString.Value ?? "";
            if (!keptResults.TryGetValue(key, out var result))
            {
                if (keptResults.Count >= 100) keptResults.Clear();
                keptResults[key] = result = await search.SearchAsync(Search.SearchRequestReader.Read(request.Query, Search.SearchRequestReader.English));
            }
            return TypedResults.Ok(new Search.SearchAnswer(result));
        });
        parts.MapGet("/search", async (HttpRequest request, Search.SearchService search) =>
            TypedResults.Ok(new SearchTotal((await search.SearchAsync(Search.SearchRequestReader.Read(request.Query, Search.SearchRequestReader.English))).Total)));
        return app;
    }

    /// <summary>The one number <c>/bench/search-parts/search</c> answers.</summary>
    private sealed record SearchTotal(int Total);

    /// <summary>
    /// The search of <c>/api/search</c> (same query string) run <paramref name="times"/> times in this request, then its
    /// answer written as JSON as often: time and bytes allocated per search and per answer, without HTTP around them.
    /// </summary>
    private static async Task<string> SearchInProcess(int times, HttpRequest request, Search.SearchService search, IOptions<Microsoft.AspNetCore.Http.Json.JsonOptions> json)
    {
        var query = Search.SearchRequestReader.Read(request.Query, Search.SearchRequestReader.English);
        var result = await search.SearchAsync(query); // warm
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var allocated = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 0; i < times; i++) result = await search.SearchAsync(query);
        var searchMicros = clock.Elapsed.TotalMicroseconds / times;
        var searchBytes = (GC.GetAllocatedBytesForCurrentThread() - allocated) / times;
        clock.Restart();
        allocated = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 0; i < times; i++) Api.ConditionalGet.Serialize(new Search.SearchAnswer(result), json.Value.SerializerOptions).Return();
        var jsonMicros = clock.Elapsed.TotalMicroseconds / times;
        var jsonBytes = (GC.GetAllocatedBytesForCurrentThread() - allocated) / times;
        return string.Create(System.Globalization.CultureInfo.InvariantCulture,
            $"search: {searchMicros:F1} µs, {searchBytes} bytes allocated; JSON answer: {jsonMicros:F1} µs, {jsonBytes} bytes allocated (per call, {times} calls)");
    }
}
