namespace LerendeRegio.Web.Setup;

public static class SetupExtensions
{
    /// <summary>Options (validated at start), the setup that runs before the first request, and <c>/health</c>.</summary>
    public static IHostApplicationBuilder AddSetup(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<LerendeRegioOptions>()
            .Bind(builder.Configuration.GetSection(LerendeRegioOptions.Section))
            .ValidateDataAnnotations()
            .ValidateOnStart();
        builder.Services.AddSingleton<SetupState>();
        builder.Services.AddHostedService<SetupService>();
        return builder;
    }

    public static IEndpointRouteBuilder MapHealth(this IEndpointRouteBuilder app)
    {
        app.MapGet("/health", (SetupState state) => state.IsReady
                ? Results.Text("ok", "text/plain")
                : Results.Text(state.Failure is null ? "setup" : "failed", "text/plain", statusCode: StatusCodes.Status503ServiceUnavailable))
            .ExcludeFromDescription();
        return app;
    }
}
