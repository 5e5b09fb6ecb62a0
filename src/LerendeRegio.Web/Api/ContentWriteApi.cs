using System.Globalization;
using System.Security.Claims;
using System.Text.Json.Nodes;
using LerendeRegio.Web.Accounts;
using LerendeRegio.Web.Content;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Net.Http.Headers;
using Microsoft.OpenApi;

namespace LerendeRegio.Web.Api;

/// <summary>
/// Writing through the API with a personal access token of scope <c>write</c>, acting with the token user's role:
/// create drafts, read and update the latest version with optimistic concurrency (<c>If-Match</c>, 412 when stale),
/// publish where the role allows. Never with a cookie, so a page elsewhere cannot make a signed-in browser write.
/// </summary>
public static class ContentWriteApi
{
    /// <summary>The name of the bearer scheme in the OpenAPI document.</summary>
    public const string SecurityScheme = "apiSleutel";

    public sealed record ContentWriteRequest(string? Type, string? Title, string? Slug, JsonObject? Fields);

    /// <summary>
    /// The latest version of an item, drafts included, as its editor sees it. <c>Published</c>: a version is on the
    /// public site; <c>HasDraft</c>: this latest version is not (yet) the published one.
    /// </summary>
    public sealed record ContentDraftResource(
        string Id, string Type, string Title, string Slug, int Revision, bool Published, bool HasDraft,
        string? Owner, DateTime CreatedUtc, DateTime ModifiedUtc, DateTime? PublishedUtc, JsonObject Fields);

    public static WebApplication MapContentWriteApi(this WebApplication app)
    {
        var write = app.MapGroup("/api/content")
            .RequireAuthorization(AccountsExtensions.ApiWritePolicy)
            .RequireRateLimiting(ContentApi.RateLimitPolicy)
            .DisableAntiforgery()
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status429TooManyRequests)
            .WithTags("Schrijven")
            .AddOpenApiOperationTransformer((operation, context, _) =>
            {
                operation.Security = [new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference(SecurityScheme, context.Document)] = [] }];
                return Task.CompletedTask;
            });
        write.MapPost("/", CreateAsync).WithName("CreateContent")
            .WithSummary("Een nieuw concept maken")
            .WithDescription("Met een API-sleutel met bereik `write`. Het item wordt een concept van de eigenaar van de sleutel; "
                + "`fields` volgt de velden van het type (zie de definities). Validatiefouten noemen het veld.")
            .ProducesValidationProblem();
        write.MapGet("/{id}/latest", GetLatestAsync).WithName("GetLatestContent")
            .WithSummary("De nieuwste versie van een item, ook een concept, met de ETag om mee bij te werken")
            .ProducesProblem(StatusCodes.Status404NotFound);
        write.MapPut("/{id}", UpdateAsync).WithName("UpdateContent")
            .WithSummary("Een item bijwerken (If-Match verplicht)")
            .WithDescription("Stuur de `ETag` van de laatste lezing mee als `If-Match`. Is het item intussen gewijzigd, dan volgt 412 "
                + "en verandert er niets. Bijwerken van een gepubliceerd item maakt een concept ernaast.")
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status412PreconditionFailed)
            .ProducesProblem(StatusCodes.Status428PreconditionRequired);
        write.MapPost("/{id}/publish", PublishAsync).WithName("PublishContent")
            .WithSummary("De nieuwste versie publiceren, als je rol dat toestaat (If-Match aanbevolen)")
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status412PreconditionFailed);
        return app;
    }

    private static async Task<Results<Created<ContentDraftResource>, ValidationProblem, ProblemHttpResult>> CreateAsync(
        ContentWriteRequest body, ClaimsPrincipal user, UserManager<IdentityUser> users, ContentManager content,
        ContentDefinitionStore definitions, HttpContext http, CancellationToken ct)
    {
        if (!user.HasClaim(Permissions.ClaimType, Permissions.EditOwnContent) && !user.HasClaim(Permissions.ClaimType, Permissions.EditContent))
            return Forbidden("Je rol mag geen inhoud maken.");
        if (string.IsNullOrWhiteSpace(body.Type))
            return Invalid("type", "Geef het inhoudstype, bijvoorbeeld SchoolPractice.");
        var types = await definitions.GetTypesAsync(ct);
        if (!types.ContainsKey(body.Type))
            return Invalid("type", $"'{body.Type}' is geen inhoudstype. Mogelijk zijn: {string.Join(", ", types.Keys)}.");
        try
        {
            var created = await content.CreateAsync(body.Type, Edit(body), new CreateOptions
            {
                Owner = users.GetUserId(user),
                Author = user.Identity?.Name,
            }, ct);
            SetETag(http, created);
            return TypedResults.Created($"/api/content/{created.ContentItemId}/latest", Resource(created));
        }
        catch (ContentValidationException e)
        {
            return Invalid(e);
        }
    }

    private static async Task<Results<Ok<ContentDraftResource>, ProblemHttpResult>> GetLatestAsync(
        string id, ClaimsPrincipal user, UserManager<IdentityUser> users, ContentManager content, HttpContext http, CancellationToken ct)
    {
        var item = await content.GetAsync(id, VersionOptions.Latest, ct);
        if (item is null || !CanEdit(user, users.GetUserId(user), item)) return NotFound(id);
        SetETag(http, item);
        return TypedResults.Ok(Resource(item, await content.GetAsync(id, VersionOptions.Published, ct) is not null));
    }

    private static async Task<Results<Ok<ContentDraftResource>, ValidationProblem, ProblemHttpResult>> UpdateAsync(
        string id, ContentWriteRequest body, ClaimsPrincipal user, UserManager<IdentityUser> users, ContentManager content,
        HttpContext http, CancellationToken ct)
    {
        var item = await content.GetAsync(id, VersionOptions.Latest, ct);
        if (item is null || !CanEdit(user, users.GetUserId(user), item)) return NotFound(id);
        if (http.Request.Headers.IfMatch.Count == 0)
            return Problem(StatusCodes.Status428PreconditionRequired, "If-Match ontbreekt", "Precondition required",
                "Stuur de ETag van je laatste lezing mee als If-Match, zodat je niemands wijziging overschrijft.");
        if (ExpectedRevision(http) is not { } expected || expected != item.Revision) return Stale(item);
        if (body.Type is not null && body.Type != item.ContentType)
            return Invalid("type", $"Het type van een item verandert niet; dit is een {item.ContentType}.");
        try
        {
            var updated = await content.UpdateAsync(id, expected, Edit(body), user.Identity?.Name, ct);
            SetETag(http, updated);
            return TypedResults.Ok(Resource(updated, await content.GetAsync(id, VersionOptions.Published, ct) is not null));
        }
        catch (ContentConcurrencyException)
        {
            return Stale(await content.GetAsync(id, VersionOptions.Latest, ct) ?? item);
        }
        catch (ContentValidationException e)
        {
            return Invalid(e);
        }
    }

    private static async Task<Results<Ok<ContentDraftResource>, ProblemHttpResult>> PublishAsync(
        string id, ClaimsPrincipal user, UserManager<IdentityUser> users, ContentManager content, HttpContext http, CancellationToken ct)
    {
        var userId = users.GetUserId(user);
        var item = await content.GetAsync(id, VersionOptions.Latest, ct);
        if (item is null || !CanEdit(user, userId, item)) return NotFound(id);
        if (!CanPublish(user, userId, item)) return Forbidden("Je rol mag dit item niet publiceren. Bied het ter beoordeling aan in het beheer.");
        if (http.Request.Headers.IfMatch.Count > 0 && ExpectedRevision(http) != item.Revision) return Stale(item);
        await content.PublishAsync(id, ct: ct);
        var published = (await content.GetAsync(id, VersionOptions.Latest, ct))!;
        SetETag(http, published);
        return TypedResults.Ok(Resource(published, hasPublishedVersion: true));
    }

    // Who may touch which item. Kept next to the content authorisation of beheer: owners edit their own items with
    // EditOwnContent, editors everything with EditContent; publishing likewise with PublishOwnContent / PublishContent.
    private static bool CanEdit(ClaimsPrincipal user, string? userId, ContentItem item) =>
        user.HasClaim(Permissions.ClaimType, Permissions.EditContent)
        || (user.HasClaim(Permissions.ClaimType, Permissions.EditOwnContent) && item.Owner is not null && item.Owner == userId);

    private static bool CanPublish(ClaimsPrincipal user, string? userId, ContentItem item) =>
        user.HasClaim(Permissions.ClaimType, Permissions.PublishContent)
        || (user.HasClaim(Permissions.ClaimType, Permissions.PublishOwnContent) && item.Owner is not null && item.Owner == userId);

    private static ContentEdit Edit(ContentWriteRequest body) => new(body.Title ?? "", body.Slug, body.Fields ?? []);

    private static ContentDraftResource Resource(ContentItem item, bool hasPublishedVersion = false) => new(
        item.ContentItemId, item.ContentType, item.DisplayText, item.Slug, item.Revision, item.Published || hasPublishedVersion,
        !item.Published, item.Owner, item.CreatedUtc, item.ModifiedUtc, item.PublishedUtc, (JsonObject)item.Fields.DeepClone());

    internal static string ETagOf(ContentItem item) => $"\"r{item.Revision.ToString(CultureInfo.InvariantCulture)}\"";

    private static void SetETag(HttpContext http, ContentItem item) => http.Response.Headers.ETag = ETagOf(item);

    private static int? ExpectedRevision(HttpContext http)
    {
        foreach (var value in http.Request.Headers.IfMatch)
        {
            if (!EntityTagHeaderValue.TryParseList([value ?? ""], out var tags)) continue;
            foreach (var tag in tags)
            {
                var text = tag.Tag.ToString().Trim('"');
                if (!tag.IsWeak && text.StartsWith('r') && int.TryParse(text.AsSpan(1), NumberStyles.None, CultureInfo.InvariantCulture, out var revision))
                    return revision;
            }
        }
        return null;
    }

    private static ProblemHttpResult Stale(ContentItem current) => Problem(StatusCodes.Status412PreconditionFailed,
        "Intussen gewijzigd", "Precondition failed",
        $"Iemand heeft dit item gewijzigd sinds je het las (nu versie {ETagOf(current)}). Lees het opnieuw en pas je wijziging daarop toe.");

    private static ProblemHttpResult NotFound(string id) => Problem(StatusCodes.Status404NotFound, "Niet gevonden", "Not found",
        $"Er is geen item '{id}' dat jij mag bewerken.");

    private static ProblemHttpResult Forbidden(string detail) => Problem(StatusCodes.Status403Forbidden, "Geen toestemming", "Forbidden", detail);

    private static ProblemHttpResult Problem(int status, string title, string titleEn, string detail) =>
        TypedResults.Problem(detail, statusCode: status, title: title, extensions: new Dictionary<string, object?> { [ApiProblem.TitleEnExtension] = titleEn });

    private static ValidationProblem Invalid(string field, string message) => Invalid(new ContentValidationException([new(field, message)]));

    private static ValidationProblem Invalid(ContentValidationException e) => TypedResults.ValidationProblem(
        e.Errors.GroupBy(x => x.Field).ToDictionary(g => g.Key, g => g.Select(x => x.Message).ToArray()),
        "Niet alle velden zijn goed ingevuld.", title: "Controleer de velden",
        extensions: new Dictionary<string, object?> { [ApiProblem.TitleEnExtension] = "Validation failed" });
}
