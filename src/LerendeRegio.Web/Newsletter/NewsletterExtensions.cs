using System.Text;
using System.Text.Json;
using Hangfire;
using Hangfire.InMemory;
using Hangfire.PostgreSql;
using LerendeRegio.Web.Accounts;
using LerendeRegio.Web.Data;
using LerendeRegio.Web.Setup;
using LerendeRegio.Web.Site;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace LerendeRegio.Web.Newsletter;

public static class NewsletterExtensions
{
    public const string DashboardPath = "/beheer/hangfire";
    private static readonly JsonSerializerOptions ExportJson = new(JsonSerializerDefaults.Web)
    {
        WriteIndented = true,
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.Create(System.Text.Unicode.UnicodeRanges.All),
    };
    private const string DashboardContentSecurityPolicy = "default-src 'self'; img-src 'self' data:; style-src 'self' 'unsafe-inline'; "
        + "script-src 'self' 'unsafe-inline'; frame-ancestors 'none'; base-uri 'self'; form-action 'self'";

    /// <summary>Subscriptions, digests and delivery without Hangfire: what the command line needs as well as the site.</summary>
    public static IHostApplicationBuilder AddNewsletterCore(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<NewsletterOptions>()
            .Bind(builder.Configuration.GetSection(NewsletterOptions.Section))
            .ValidateDataAnnotations()
            .ValidateOnStart();
        builder.Services.TryAddSingleton(TimeProvider.System);
        builder.Services.TryAddSingleton<SiteSettingsStore>();
        builder.Services.AddSingleton<NewsletterTokens>();
        builder.Services.AddSingleton<NewsletterLinks>();
        builder.Services.AddSingleton<SubscribeAddressLimiter>();
        builder.Services.AddSingleton<MailSenderAddress>();
        builder.Services.AddScoped<NewsletterChoices>();
        builder.Services.AddScoped<SubscriptionService>();
        builder.Services.AddScoped<SavedSearchService>();
        builder.Services.AddScoped<DigestEditions>();
        builder.Services.AddScoped<DigestComposer>();
        builder.Services.AddScoped<DigestSender>();
        builder.Services.AddScoped<DigestRunner>();
        builder.Services.AddScoped<NewsletterPreview>();
        return builder;
    }

    /// <summary>The newsletter on the site: Hangfire (storage, workers, the monthly job), the subscribe limits and the API's examples.</summary>
    public static WebApplicationBuilder AddNewsletter(this WebApplicationBuilder builder)
    {
        builder.AddNewsletterCore();
        var settings = builder.Configuration.GetSection(NewsletterOptions.Section).Get<NewsletterOptions>() ?? new NewsletterOptions();
        // Our own storage instance instead of Hangfire's static JobStorage.Current: every host in the process (tests run
        // several) keeps its own jobs, and the client, the server and the dashboard all take it from the container.
        builder.Services.AddSingleton<JobStorage>(sp =>
        {
            var site = sp.GetRequiredService<IOptions<LerendeRegioOptions>>().Value.Database;
            var kind = settings.JobStorage == JobStorageKind.Auto
                ? site.Provider == DatabaseProvider.PostgreSql ? JobStorageKind.PostgreSql : JobStorageKind.InMemory
                : settings.JobStorage;
            if (kind == JobStorageKind.InMemory) return new InMemoryStorage(new InMemoryStorageOptions());
            if (site.Provider != DatabaseProvider.PostgreSql || string.IsNullOrEmpty(site.ConnectionString))
                throw new InvalidOperationException("LerendeRegio:Newsletter:JobStorage is PostgreSql, which needs LerendeRegio:Database:Provider PostgreSql and its connection string.");
            var storageOptions = new PostgreSqlStorageOptions { SchemaName = "hangfire", PrepareSchemaIfNecessary = true, QueuePollInterval = TimeSpan.FromSeconds(1) };
            return new PostgreSqlStorage(new HangfireConnections(site.ConnectionString), storageOptions);
        });
        // Hangfire.AspNetCore resolves jobs through the static JobActivator.Current, which the last host built in the
        // process sets: with several hosts in one process (the integration tests) a job could run in another host's
        // container. Each host gets its own activator instead (Hangfire only adds its default when none is registered).
        builder.Services.AddSingleton<JobActivator>(sp => new Hangfire.AspNetCore.AspNetCoreJobActivator(sp.GetRequiredService<IServiceScopeFactory>()));
        builder.Services.AddHangfire((sp, c) => c
            .UseLogProvider(HangfireLogging.Attach(sp.GetRequiredService<ILoggerFactory>(), sp.GetRequiredService<IHostApplicationLifetime>()))
            .SetDataCompatibilityLevel(CompatibilityLevel.Version_180)
            .UseSimpleAssemblyNameTypeSerializer()
            .UseRecommendedSerializerSettings());
        if (settings.Workers > 0)
        {
            builder.Services.AddHangfireServer(o =>
            {
                o.WorkerCount = settings.Workers;
                o.Queues = [DigestJobs.Queue, "default"];
                o.ServerName = $"{Environment.MachineName}:{Environment.ProcessId}";
            });
        }
        builder.Services.AddScoped<DigestJobs>();
        builder.Services.AddHostedService<NewsletterSchedule>();
        builder.Services.AddRateLimiter(o => o.AddPolicy<string, SubscribeRateLimitPolicy>(SubscribeRateLimitPolicy.Name));
        builder.Services.Configure<OpenApiOptions>("v1", (OpenApiOptions o) => o.AddDocumentTransformer((document, _, _) =>
        {
            foreach (var tag in document.Tags ?? new HashSet<Microsoft.OpenApi.OpenApiTag>())
                if (tag.Name == "Nieuwsbrief") tag.Description = "Aanmelden voor het maandelijkse overzicht van nieuwe publicaties.";
            return Task.CompletedTask;
        }));
        return builder;
    }

    /// <summary>The dashboard's scripts and styles need a looser policy than the rest of the site.</summary>
    public static WebApplication UseNewsletter(this WebApplication app)
    {
        app.Use((context, next) =>
        {
            if (context.Request.Path.StartsWithSegments(DashboardPath)) context.Response.Headers.ContentSecurityPolicy = DashboardContentSecurityPolicy;
            return next(context);
        });
        return app;
    }

    public static WebApplication MapNewsletter(this WebApplication app)
    {
        app.MapNewsletterApi();
        // The data export from the preferences page: everything stored about the subscriber, as a download.
        app.MapGet("/nieuwsbrief/gegevens/{token}", async (string token, SubscriptionService subscriptions, CancellationToken ct) =>
            {
                if (await subscriptions.FromManageTokenAsync(token, ct) is not var (subscriber, expired) || expired)
                    return Results.Redirect($"/nieuwsbrief/voorkeuren/{Uri.EscapeDataString(token)}");
                var json = JsonSerializer.SerializeToUtf8Bytes(await subscriptions.ExportAsync(subscriber, ct), ExportJson);
                return Results.File(json, "application/json", "nieuwsbrief-gegevens.json");
            })
            .ExcludeFromDescription();
        app.MapGet("/beheer/nieuwsbrief/voorbeeld", PreviewAsync)
            .RequireAuthorization(Permissions.PublishContent)
            .ExcludeFromDescription();
        app.MapHangfireDashboard(DashboardPath, new DashboardOptions
            {
                Authorization = [],
                AsyncAuthorization = [PermissionDashboardFilter.Administrators],
                AppPath = "/beheer",
                DashboardTitle = "Achtergrondtaken",
                DisplayStorageConnectionString = false,
            })
            .RequireAuthorization(Permissions.ManageSettings);
        return app;
    }

    /// <summary>The HTML of a preview digest on its own, for the frame on the editors' page (mail HTML needs inline styles).</summary>
    private static async Task<IResult> PreviewAsync(HttpContext context, NewsletterPreview preview, CancellationToken ct)
    {
        var query = context.Request.Query;
        var result = await preview.BuildAsync(query["period"], query["themes"], query["gemeenten"], query["types"], context.User, ct);
        if (result.Problem is not null) return Results.Text(result.Problem, "text/plain; charset=utf-8", Encoding.UTF8, StatusCodes.Status400BadRequest);
        context.Response.Headers.ContentSecurityPolicy = "default-src 'none'; img-src 'self' https: data:; style-src 'unsafe-inline'; frame-ancestors 'self'; base-uri 'none'; form-action 'none'";
        context.Response.Headers.XFrameOptions = "SAMEORIGIN";
        return Results.Text(result.Html!, "text/html; charset=utf-8", Encoding.UTF8);
    }
}

/// <summary>Registers (or removes) the monthly recurring job at start, with its schedule and time zone from settings.</summary>
internal sealed class NewsletterSchedule(IRecurringJobManager recurring, IOptions<NewsletterOptions> options, NewsletterLinks links, ILogger<NewsletterSchedule> logger) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        var settings = options.Value;
        if (settings.Digests)
        {
            recurring.AddOrUpdate<DigestJobs>(DigestJobs.RecurringJobId, j => j.RunScheduledAsync(CancellationToken.None), settings.Schedule,
                new RecurringJobOptions { TimeZone = settings.Zone });
            if (!links.IsConfigured)
                logger.LogWarning("LerendeRegio:Mail:PublicBaseUrl is not set: links in mail point to {BaseUrl}. Set it to the site's public address.", links.BaseUrl);
        }
        else
        {
            recurring.RemoveIfExists(DigestJobs.RecurringJobId);
        }
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}

/// <summary>Hangfire's connections to the site's PostgreSQL database (its tables live in their own schema, <c>hangfire</c>).</summary>
internal sealed class HangfireConnections(string connectionString) : Hangfire.PostgreSql.IConnectionFactory
{
    public Npgsql.NpgsqlConnection GetOrCreateConnection() => new(connectionString);
}
