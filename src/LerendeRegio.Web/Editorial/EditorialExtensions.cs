using Microsoft.AspNetCore.Authorization;

namespace LerendeRegio.Web.Editorial;

public static class EditorialExtensions
{
    /// <summary>The editorial workflow, the content authorization handler and the generated editors of the beheer area.</summary>
    public static IHostApplicationBuilder AddEditorial(this IHostApplicationBuilder builder)
    {
        builder.Services.AddSingleton<IAuthorizationHandler, ContentAuthorizationHandler>();
        builder.Services.AddScoped<EditorialWorkflow>();
        builder.Services.AddScoped<EditorialQueries>();
        builder.Services.AddScoped<ContentEditorFactory>();
        builder.Services.AddScoped<EditorMedia>();
        builder.Services.AddScoped<ContentDiff>();
        return builder;
    }
}
