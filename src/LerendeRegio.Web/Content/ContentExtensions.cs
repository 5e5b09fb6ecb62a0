using LerendeRegio.Web.Vocabularies;

namespace LerendeRegio.Web.Content;

public static class ContentExtensions
{
    /// <summary>The content core: definitions, vocabularies, the content manager and read queries.</summary>
    public static IHostApplicationBuilder AddContentCore(this IHostApplicationBuilder builder)
    {
        builder.Services.AddSingleton(TimeProvider.System);
        builder.Services.AddSingleton<ContentDefinitionStore>();
        builder.Services.AddSingleton<VocabularyStore>();
        builder.Services.AddScoped<ContentManager>();
        builder.Services.AddScoped<ContentQueries>();
        builder.Services.AddSingleton<ContentReadCache>();
        builder.Services.AddScoped<IContentChangeHandler, ContentReadCacheInvalidation>();
        builder.Services.AddHostedService<ChangeLogFollower>();
        return builder;
    }
}
