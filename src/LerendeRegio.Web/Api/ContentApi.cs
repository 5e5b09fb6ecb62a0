using System.Globalization;
using System.Security.Cryptography;
using System.Text.Encodings.Web;
using System.Text.Unicode;
using System.Threading.RateLimiting;
using LerendeRegio.Web.Content;
using LerendeRegio.Web.Site;
using LerendeRegio.Web.Vocabularies;
using Microsoft.AspNetCore.Cors.Infrastructure;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;
using Microsoft.Net.Http.Headers;
using Microsoft.OpenApi;
using Scalar.AspNetCore;

namespace LerendeRegio.Web.Api;

public sealed record ContentListResponse(IReadOnlyList<ContentListEntry> Items, string? Next) : IDatedResource
{
    DateTime? IDatedResource.LastModified => Items.Count == 0 ? null : Items.Max(i => i.ModifiedUtc);
}

public sealed record TermResource(string Id, string DisplayName, string? Description, IReadOnlyList<string> Synonyms, string Url);

public sealed record VocabularyResource(string Name, string DisplayName, string PluralDisplayName, string? Description, IReadOnlyList<TermResource> Terms);

public sealed record VocabularyListResponse(IReadOnlyList<VocabularyResource> Items);

public sealed record ProjectLinksResponse(ContentReference Project, IReadOnlyList<ContentListEntry> Items) : IDatedResource
{
    DateTime? IDatedResource.LastModified => Items.Count == 0 ? null : Items.Max(i => i.ModifiedUtc);
}

public sealed record ContentExportResponse(string Type, int Count, IReadOnlyList<ContentItemResource> Items) : IDatedResource
{
    DateTime? IDatedResource.LastModified => Items.Count == 0 ? null : Items.Max(i => i.ModifiedUtc);
}

/// <summary>
/// The read-only JSON API under <c>/api</c>: published content, vocabularies, what links to a project, and open-data
/// exports; described at <c>/openapi/v1.json</c> and readable at <c>/api/docs</c>. Drafts never come out: every read
/// goes through <see cref="ContentQueries"/>, which only sees published versions.
/// </summary>
public static class ContentApi
{
    public const string RateLimitPolicy = "api";
    public const string CorsPolicy = "api";
    public const string CachePolicy = "api";
    public const int DefaultLimit = 20, MaxLimit = 100;
    public const string DocsPath = "/api/docs";
    private const string DocsContentSecurityPolicy = "default-src 'self'; script-src 'self' 'unsafe-inline'; style-src 'self' 'unsafe-inline'; "
        + "img-src 'self' data:; font-src 'self' data:; worker-src 'self' blob:; frame-ancestors 'none'; base-uri 'self'; form-action 'self'";
    private const string AfterParameter = "after", LimitParameter = "limit";
    private const string PublishedSinceParameter = "publishedSince", PublishedBeforeParameter = "publishedBefore", ModifiedSinceParameter = "modifiedSince";
    private static readonly HashSet<string> ListParameters = [AfterParameter, LimitParameter, PublishedSinceParameter, PublishedBeforeParameter, ModifiedSinceParameter];
    /// <summary>A date without a time means midnight in the region's time zone.</summary>
    private static readonly TimeZoneInfo RegionTimeZone = TimeZoneInfo.FindSystemTimeZoneById("Europe/Amsterdam");

    private static readonly Dictionary<string, string> TagDescriptions = new()
    {
        ["Inhoud"] = "Gepubliceerde items, vocabulaires en wat naar een project verwijst.",
        ["Open data"] = "Alle gepubliceerde items van een type in één bestand; de kolommen staan in docs/open-data.md.",
        ["Feeds"] = "Atom-feed, sitemap en robots.txt voor feedlezers en zoekmachines.",
        ["Schrijven"] = "Concepten maken, bijwerken en publiceren met een persoonlijke API-sleutel, binnen de rechten van je rol.",
    };

    public static WebApplicationBuilder AddContentApi(this WebApplicationBuilder builder)
    {
        builder.Services.AddOptions<ApiOptions>()
            .Bind(builder.Configuration.GetSection(ApiOptions.Section))
            .ValidateDataAnnotations()
            .ValidateOnStart();
        builder.Services.AddScoped<ContentResources>();
        builder.Services.AddScoped<ContentFilter>();
        // Dutch text stays readable in JSON (é instead of \u00E9); HTML-sensitive characters are still escaped.
        builder.Services.ConfigureHttpJsonOptions(o => o.SerializerOptions.Encoder = JavaScriptEncoder.Create(UnicodeRanges.All));
        builder.Services.AddOutputCache(o =>
            // Varies by Origin as well: a cached answer carries the CORS header of the origin that asked first.
            o.AddPolicy(CachePolicy, p => p.Expire(TimeSpan.FromMinutes(10)).Tag(OutputCacheEviction.Tag).SetVaryByQuery("*").SetVaryByHeader(HeaderNames.Origin)));
        builder.Services.AddOptions<CorsOptions>().Configure<IOptions<ApiOptions>>((cors, api) =>
            cors.AddPolicy(CorsPolicy, p => p.WithOrigins(api.Value.CorsOrigins).WithMethods("GET", "HEAD").AllowAnyHeader()
                .WithExposedHeaders(HeaderNames.ETag, HeaderNames.LastModified, HeaderNames.RetryAfter)));
        builder.Services.AddCors();
        builder.Services.AddRateLimiter(o =>
        {
            o.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            o.AddPolicy(RateLimitPolicy, context =>
            {
                var api = context.RequestServices.GetRequiredService<IOptions<ApiOptions>>().Value;
                // A token has its own budget (a monitor's script behind a shared school IP should not starve its
                // colleagues); anonymous clients share one per IP address.
                var token = context.User.FindFirst(Accounts.AccessTokens.AccessTokenAuthenticationHandler.TokenIdClaim)?.Value;
                var (key, limit) = token is not null
                    ? ("token:" + token, api.TokenRequestsPerMinute)
                    : ("ip:" + context.Connection.RemoteIpAddress, api.RequestsPerMinute);
                return RateLimitPartition.GetFixedWindowLimiter(key,
                    _ => new FixedWindowRateLimiterOptions { PermitLimit = limit, Window = TimeSpan.FromMinutes(1), QueueLimit = 0 });
            });
            o.OnRejected = async (rejected, ct) =>
            {
                var seconds = rejected.Lease.TryGetMetadata(MetadataName.RetryAfter, out var retryAfter) ? (int)Math.Ceiling(retryAfter.TotalSeconds) : 60;
                seconds = Math.Max(1, seconds);
                rejected.HttpContext.Response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
                await ApiProblem.TooManyRequests(seconds).ToResult().ExecuteAsync(rejected.HttpContext);
            };
        });
        builder.Services.AddOpenApi(o => o.AddDocumentTransformer((document, _, _) =>
        {
            document.Info = new OpenApiInfo
            {
                Title = "LerendeRegio API",
                Version = "v1",
                Description = "Gepubliceerde kennis van de Lerende Regio Zuid- en Oost-Drenthe: projecten, werkzame interventies, "
                    + "schoolpraktijken en lessen, met hun begrippen. Lezen kan zonder account; schrijven met een persoonlijke API-sleutel. Fouten zijn application/problem+json "
                    + "met een Nederlandse title en detail en een Engelse titleEn.",
                License = new OpenApiLicense { Name = "CC BY 4.0", Url = new Uri("https://creativecommons.org/licenses/by/4.0/") },
            };
            // Reads are anonymous: one empty requirement says so explicitly (instead of leaving security undefined);
            // the write operations name the bearer scheme of personal access tokens themselves.
            document.Security = [new OpenApiSecurityRequirement()];
            document.Components ??= new OpenApiComponents();
            document.Components.SecuritySchemes = new Dictionary<string, IOpenApiSecurityScheme>
            {
                [ContentWriteApi.SecurityScheme] = new OpenApiSecurityScheme
                {
                    Type = SecuritySchemeType.Http,
                    Scheme = "bearer",
                    Description = "Een persoonlijke API-sleutel (lrpat_…), te maken in het beheer onder API-sleutels. Schrijven vraagt het bereik 'lezen en schrijven'.",
                },
            };
            foreach (var server in document.Servers ?? []) server.Url = server.Url?.TrimEnd('/');
            foreach (var tag in document.Tags ?? new HashSet<OpenApiTag>())
                tag.Description = TagDescriptions.TryGetValue(tag.Name ?? "", out var description) ? description : tag.Description;
            return Task.CompletedTask;
        }));
        return builder;
    }

    /// <summary>CORS and the rate limit; between routing and the output cache, so cached answers count too.</summary>
    public static WebApplication UseContentApi(this WebApplication app)
    {
        app.Use((context, next) =>
        {
            // The reader page starts Scalar with an inline module script and Scalar injects its styles; the rest of
            // the site keeps the strict policy set earlier in the pipeline.
            if (context.Request.Path.StartsWithSegments(DocsPath)) context.Response.Headers.ContentSecurityPolicy = DocsContentSecurityPolicy;
            return next(context);
        });
        app.UseCors();
        app.UseRateLimiter();
        return app;
    }

    public static WebApplication MapContentApi(this WebApplication app)
    {
        var api = app.MapGroup("/api")
            .RequireRateLimiting(RateLimitPolicy)
            .RequireCors(CorsPolicy)
            .CacheOutput(CachePolicy)
            .AddEndpointFilter<ConditionalGet>()
            .ProducesProblem(StatusCodes.Status429TooManyRequests)
            .WithTags("Inhoud");

        api.MapGet("/content", ListContentAsync).WithName("ListContent")
            .WithSummary("Gepubliceerde items, nieuwste eerst, per cursor")
            .WithDescription("Filter op type (`type=Intervention`) en op begrippen met de naam van een vocabulaire als parameter "
                + "(`thema=…&gemeente=…`, net als de lijstpagina's; meerdere waarden van één vocabulaire zijn alternatieven). "
                + "Op datum: `publishedSince` en `publishedBefore` (gepubliceerd vanaf, en vóór) en `modifiedSince` (gewijzigd vanaf), "
                + "elk een datum (`2026-10-01`, middernacht Nederlandse tijd) of een tijdstip met tijdzone (`2026-10-01T08:00:00Z`). "
                + "`after` is de `next` van het vorige antwoord; `limit` 1 tot en met 100 (standaard 20).")
            .Produces(StatusCodes.Status304NotModified)
            .ProducesValidationProblem();
        api.MapGet("/content/{id}", GetContentAsync).WithName("GetContent")
            .WithSummary("Eén gepubliceerd item met velden, begrippen en gekoppelde items")
            .Produces(StatusCodes.Status304NotModified)
            .ProducesProblem(StatusCodes.Status404NotFound);
        api.MapGet("/content/by-slug/{type}/{slug}", GetContentBySlugAsync).WithName("GetContentBySlug")
            .WithSummary("Eén gepubliceerd item, gezocht op type en webadres")
            .Produces(StatusCodes.Status304NotModified)
            .ProducesProblem(StatusCodes.Status404NotFound);
        api.MapGet("/vocabularies", ListVocabulariesAsync).WithName("ListVocabularies")
            .WithSummary("Alle vocabulaires met hun begrippen en synoniemen")
            .Produces(StatusCodes.Status304NotModified);
        api.MapGet("/vocabularies/{name}", GetVocabularyAsync).WithName("GetVocabulary")
            .WithSummary("Eén vocabulaire met begrippen en synoniemen")
            .Produces(StatusCodes.Status304NotModified)
            .ProducesProblem(StatusCodes.Status404NotFound);
        api.MapGet("/projects/{id}/linked", GetProjectLinksAsync).WithName("GetProjectLinks")
            .WithSummary("Alles wat gepubliceerd is en naar een project verwijst")
            .Produces(StatusCodes.Status304NotModified)
            .ProducesProblem(StatusCodes.Status404NotFound);
        api.MapGet("/export/{type}.json", ExportJsonAsync).WithName("ExportJson").WithTags("Open data")
            .WithSummary("Open data: alle gepubliceerde items van een type als JSON")
            .Produces(StatusCodes.Status304NotModified)
            .ProducesProblem(StatusCodes.Status404NotFound);
        api.MapGet("/export/{type}.csv", ExportCsvAsync).WithName("ExportCsv").WithTags("Open data")
            .WithSummary("Open data: alle gepubliceerde items van een type als CSV (UTF-8, komma's, RFC 4180)")
            .Produces<string>(StatusCodes.Status200OK, "text/csv")
            .Produces(StatusCodes.Status304NotModified)
            .ProducesProblem(StatusCodes.Status404NotFound);

        app.MapOpenApi().CacheOutput(SiteExtensions.PublicPagePolicy);
        // Without the default web fonts Scalar loads nothing from outside this site.
        app.MapScalarApiReference(DocsPath, o => o.WithTitle("LerendeRegio API").DisableDefaultFonts());
        return app;
    }

    /// <summary>A date (midnight in the region's time zone) or an ISO 8601 date and time with its offset, as UTC.</summary>
    internal static bool TryParseInstant(string value, out DateTime utc)
    {
        utc = default;
        if (DateOnly.TryParseExact(value, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date))
        {
            utc = TimeZoneInfo.ConvertTimeToUtc(date.ToDateTime(TimeOnly.MinValue, DateTimeKind.Unspecified), RegionTimeZone);
            return true;
        }
        // An unescaped '+' of an offset arrives as a space.
        if (value.Length >= 20 && value[^6] == ' ') value = string.Concat(value.AsSpan(0, value.Length - 6), "+", value.AsSpan(value.Length - 5));
        // A time must say which zone it is in: 'Z' or an offset; a bare local time would be read differently per server.
        if (value.Length < 20 || !(value.EndsWith('Z') || value[^6] is '+' or '-')) return false;
        if (!DateTimeOffset.TryParse(value, CultureInfo.InvariantCulture, DateTimeStyles.None, out var instant)) return false;
        utc = instant.UtcDateTime;
        return true;
    }

    internal static string Origin(HttpRequest request) => $"{request.Scheme}://{request.Host}{request.PathBase}";

    private static async Task<Results<Ok<ContentListResponse>, ProblemHttpResult, ValidationProblem>> ListContentAsync(
        HttpContext context, ContentFilter filter, ContentQueries queries, ContentResources resources,
        [FromQuery] string? type, [FromQuery] string? after, [FromQuery] string? limit,
        [FromQuery] string? publishedSince, [FromQuery] string? publishedBefore, [FromQuery] string? modifiedSince, CancellationToken ct)
    {
        // Parameters arrive as text and are checked here, so a malformed one gets a Dutch problem instead of a bare 400.
        var take = DefaultLimit;
        if (limit is not null && (!int.TryParse(limit, NumberStyles.None, CultureInfo.InvariantCulture, out take) || take is < 1 or > MaxLimit))
            return Problem(ApiProblem.BadLimit(limit, MaxLimit));
        ContentCursor? cursor = null;
        if (after is not null && !ContentCursors.TryDecode(after, out cursor)) return Problem(ApiProblem.BadCursor());
        DateTime? since = null, before = null, modified = null;
        foreach (var (name, value, set) in new (string, string?, Action<DateTime>)[]
                 {
                     (PublishedSinceParameter, publishedSince, d => since = d),
                     (PublishedBeforeParameter, publishedBefore, d => before = d),
                     (ModifiedSinceParameter, modifiedSince, d => modified = d),
                 })
        {
            if (value is null) continue;
            if (!TryParseInstant(value, out var instant)) return Problem(ApiProblem.BadDate(name, value));
            set(instant);
        }
        var (query, problem) = await filter.ParseAsync(context.Request.Query, ListParameters, ct);
        if (problem is not null) return Problem(problem);
        query = query! with { PublishedSince = since, PublishedBefore = before, ModifiedSince = modified };
        var slice = await queries.SliceAsync(query!, cursor, take, ct);
        var items = await resources.ListEntriesAsync(slice.Items, Origin(context.Request), ct);
        return TypedResults.Ok(new ContentListResponse(items, slice.Next is null ? null : ContentCursors.Encode(slice.Next)));
    }

    private static async Task<Results<Ok<ContentItemResource>, ProblemHttpResult>> GetContentAsync(
        string id, HttpContext context, ContentQueries queries, ContentResources resources, CancellationToken ct)
    {
        var item = ContentIds.IsValid(id) ? await queries.GetPublishedAsync(id, ct) : null;
        return await DescribeAsync(item, $"Er is geen gepubliceerd item met id '{id}'.", context, resources, ct);
    }

    private static async Task<Results<Ok<ContentItemResource>, ProblemHttpResult>> GetContentBySlugAsync(
        string type, string slug, HttpContext context, ContentDefinitionStore definitions, ContentQueries queries, ContentResources resources, CancellationToken ct)
    {
        var definition = (await definitions.GetTypesAsync(ct)).Values.FirstOrDefault(t => string.Equals(t.Name, type, StringComparison.OrdinalIgnoreCase));
        var item = definition is not null && Slugs.IsValid(slug) ? await queries.GetPublishedBySlugAsync(definition.Name, slug, ct) : null;
        return await DescribeAsync(item, $"Er is geen gepubliceerd item van type '{type}' met webadres '{slug}'.", context, resources, ct);
    }

    private static async Task<Results<Ok<ContentItemResource>, ProblemHttpResult>> DescribeAsync(
        ContentItem? item, string notFound, HttpContext context, ContentResources resources, CancellationToken ct)
    {
        var described = item is null ? [] : await resources.DescribeAsync([item], Origin(context.Request), ct);
        var resource = described.Count > 0 ? described[0] : null;
        return resource is null ? NotFound(notFound) : TypedResults.Ok(resource);
    }

    private static async Task<Ok<VocabularyListResponse>> ListVocabulariesAsync(HttpContext context, VocabularyStore vocabularies, CancellationToken ct) =>
        TypedResults.Ok(new VocabularyListResponse([.. (await vocabularies.GetAllAsync(ct)).Select(v => Describe(v, Origin(context.Request)))]));

    private static async Task<Results<Ok<VocabularyResource>, ProblemHttpResult>> GetVocabularyAsync(
        string name, HttpContext context, VocabularyStore vocabularies, CancellationToken ct)
    {
        var vocabulary = await vocabularies.GetAsync(name, ct);
        return vocabulary is null ? NotFound($"Er is geen vocabulaire '{name}'.") : TypedResults.Ok(Describe(vocabulary, Origin(context.Request)));
    }

    private static VocabularyResource Describe(Vocabulary v, string origin) => new(v.Name, v.DisplayName, v.PluralDisplayName, v.Description,
        [.. v.Terms.Select(t => new TermResource(t.Id, t.DisplayName, t.Description, [.. t.SynonymList], origin + SiteUrls.Term(v.Name, t.Id)))]);

    private static async Task<Results<Ok<ProjectLinksResponse>, ProblemHttpResult>> GetProjectLinksAsync(
        string id, HttpContext context, ContentQueries queries, ContentResources resources, CancellationToken ct)
    {
        var project = ContentIds.IsValid(id) ? await queries.GetPublishedAsync(id, ct) : null;
        var origin = Origin(context.Request);
        var reference = project is { ContentType: "Project" } ? await resources.ReferenceAsync(project, origin, ct) : null;
        if (reference is null) return NotFound($"Er is geen gepubliceerd project met id '{id}'.");
        var (_, referencing) = await queries.GetNeighboursAsync(id, [], ct);
        return TypedResults.Ok(new ProjectLinksResponse(reference, await resources.ListEntriesAsync(referencing, origin, ct)));
    }

    private static async Task<Results<Ok<ContentExportResponse>, ProblemHttpResult>> ExportJsonAsync(
        string type, HttpContext context, ContentDefinitionStore definitions, ContentQueries queries, ContentResources resources, CancellationToken ct)
    {
        var definition = await FindTypeAsync(definitions, type, ct);
        if (definition is null) return NotFound($"Er is geen inhoudstype '{type}'.");
        var items = await resources.DescribeAsync(await queries.GetAllPublishedAsync(definition.Name, ct), Origin(context.Request), ct);
        return TypedResults.Ok(new ContentExportResponse(definition.Name, items.Count, items));
    }

    private static async Task<Results<FileContentHttpResult, ProblemHttpResult>> ExportCsvAsync(
        string type, HttpContext context, ContentDefinitionStore definitions, ContentQueries queries, ContentResources resources, CancellationToken ct)
    {
        var definition = await FindTypeAsync(definitions, type, ct);
        if (definition is null) return NotFound($"Er is geen inhoudstype '{type}'.");
        var items = await resources.DescribeAsync(await queries.GetAllPublishedAsync(definition.Name, ct), Origin(context.Request), ct);
        var csv = OpenDataCsv.Write(definition, items);
        var etag = new EntityTagHeaderValue($"\"{Convert.ToHexStringLower(SHA256.HashData(csv).AsSpan(0, 10))}\"");
        DateTimeOffset? lastModified = items.Count == 0 ? null : new DateTimeOffset(items.Max(i => i.ModifiedUtc));
        return TypedResults.File(csv, "text/csv; charset=utf-8", $"{definition.Name.ToLowerInvariant()}.csv", enableRangeProcessing: false, lastModified, etag);
    }

    private static async Task<ContentTypeDefinition?> FindTypeAsync(ContentDefinitionStore definitions, string type, CancellationToken ct) =>
        (await definitions.GetTypesAsync(ct)).Values.FirstOrDefault(t => string.Equals(t.Name, type, StringComparison.OrdinalIgnoreCase));

    private static ProblemHttpResult NotFound(string detail) => (ProblemHttpResult)ApiProblem.NotFound(detail).ToResult();

    private static Results<Ok<ContentListResponse>, ProblemHttpResult, ValidationProblem> Problem(ApiProblem problem) => problem.ToResult() switch
    {
        ValidationProblem v => v,
        ProblemHttpResult p => p,
        _ => throw new InvalidOperationException("A problem is a problem result."),
    };
}
