using LerendeRegio.Web.Content;

namespace LerendeRegio.Web.Search;

public static class SearchExtensions
{
    /// <summary>Full-text search: this node's Lucene index following the change log, and the search service.</summary>
    public static IHostApplicationBuilder AddSearch(this IHostApplicationBuilder builder)
    {
        builder.Services.AddSingleton<SearchIndex>();
        builder.Services.AddSingleton<SearchIndexSignal>();
        builder.Services.AddSingleton<IContentChangeHandler>(sp => sp.GetRequiredService<SearchIndexSignal>());
        builder.Services.AddHostedService<SearchIndexer>();
        builder.Services.AddScoped<SearchService>();
        return builder;
    }
}
