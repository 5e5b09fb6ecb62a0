using LerendeRegio.Web.Content;

namespace LerendeRegio.Web.Media;

public static class MediaExtensions
{
    /// <summary>Uploads checked and turned into clean variants with libvips, stored under <c>&lt;DataPath&gt;/media/</c>.</summary>
    public static IHostApplicationBuilder AddMedia(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<MediaOptions>()
            .Bind(builder.Configuration.GetSection(MediaOptions.Section))
            .ValidateDataAnnotations()
            .ValidateOnStart();
        builder.Services.AddSingleton<MediaStore>();
        builder.Services.AddScoped<MediaLibrary>();
        builder.Services.AddScoped<IContentRule, MediaContentRule>();
        return builder;
    }

    public static WebApplication MapMedia(this WebApplication app)
    {
        var vipsLog = app.Services.GetRequiredService<ILoggerFactory>().CreateLogger("LerendeRegio.Web.Media.Vips");
        // libvips warns about every oddity of a refused upload; that is expected, not worth a warning in the log.
        ImagePipeline.Configure(message => vipsLog.LogDebug("libvips: {Message}", message));
        app.Services.GetRequiredService<MediaStore>().ClearWorkFiles(TimeSpan.FromHours(1));
        app.MapMediaEndpoints();
        return app;
    }
}
