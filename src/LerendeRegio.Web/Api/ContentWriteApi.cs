using System.Globalization;
using System.Security.Claims;
using System.Text.Json.Nodes;
using LerendeRegio.Web.Accounts;
using LerendeRegio.Web.Content;
using LerendeRegio.Web.Editorial;
using Microsoft.AspNetCore.Http.HttpResults;
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
    /// The latest version of an item, drafts included, as its editor sees it. <c>State</c>: concept, ter beoordeling,
    /// teruggestuurd or gepubliceerd (of this latest version); <c>Published</c>: some version is on the public site.
    /// </summary>
    public sealed record ContentDraftResource(
        string Id, string Type, string Title, string Slug, int Revision, string State, bool Published,
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
        write.MapPost("", CreateAsync).WithName("CreateContent")
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
            .ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status412PreconditionFailed)
            .ProducesProblem(StatusCodes.Status428PreconditionRequired);
        write.MapPost("/{id}/submit", SubmitAsync).WithName("SubmitContent")
            .WithSummary("De nieuwste versie ter beoordeling aanbieden aan de redactie (If-Match aanbevolen)")
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status412PreconditionFailed);
        write.MapPost("/{id}/publish", PublishAsync).WithName("PublishContent")
            .WithSummary("De nieuwste versie publiceren, als je rol dat toestaat (If-Match aanbevolen)")
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status412PreconditionFailed);
        return app;
    }

    private static async Task<Results<Created<ContentDraftResource>, ValidationProblem, ProblemHttpResult>> CreateAsync(
        ContentWriteRequest body, ClaimsPrincipal user, EditorialWorkflow workflow, ContentDefinitionStore definitions, HttpContext http, CancellationToken ct)
    {
        if (string.IsNullOrWhiteSpace(body.Type))
            return Invalid("type", "Geef het inhoudstype, bijvoorbeeld SchoolPractice.");
        var types = await definitions.GetTypesAsync(ct);
        if (!types.ContainsKey(body.Type))
            return Invalid("type", $"'{body.Type}' is geen inhoudstype. Mogelijk zijn: {string.Join(", ", types.Keys)}.");
        return await Attempt(async () =>
        {
            var created = await workflow.CreateAsync(user, body.Type, Edit(body), ct);
            return await AnswerAsync(http, workflow, created.ContentItemId, v => TypedResults.Created($"/api/content/{v.Id}/latest", v), ct);
        });
    }

    private static async Task<Results<Ok<ContentDraftResource>, ProblemHttpResult>> GetLatestAsync(
        string id, ClaimsPrincipal user, EditorialWorkflow workflow, HttpContext http, CancellationToken ct)
    {
        var item = await workflow.GetAsync(id, ct);
        if (item is null || !await workflow.MayAsync(user, item, ContentOperations.ViewDraft)) return NotFound(id);
        http.Response.Headers.ETag = ETagOf(item.Latest);
        return TypedResults.Ok(Resource(item));
    }

    private static async Task<Results<Ok<ContentDraftResource>, ValidationProblem, ProblemHttpResult>> UpdateAsync(
        string id, ContentWriteRequest body, ClaimsPrincipal user, EditorialWorkflow workflow, HttpContext http, CancellationToken ct)
    {
        var item = await workflow.GetAsync(id, ct);
        if (item is null || !await workflow.MayAsync(user, item, ContentOperations.ViewDraft)) return NotFound(id);
        if (http.Request.Headers.IfMatch.Count == 0)
            return Problem(StatusCodes.Status428PreconditionRequired, "If-Match ontbreekt", "Precondition required",
                "Stuur de ETag van je laatste lezing mee als If-Match, zodat je niemands wijziging overschrijft.");
        if (ExpectedRevision(http) is not { } expected || expected != item.Latest.Revision) return Stale(item.Latest);
        if (body.Type is not null && body.Type != item.Latest.ContentType)
            return Invalid("type", $"Het type van een item verandert niet; dit is een {item.Latest.ContentType}.");
        return await Attempt(async () =>
        {
            await workflow.SaveAsync(user, id, expected, Edit(body), ct);
            return await AnswerAsync(http, workflow, id, TypedResults.Ok, ct);
        });
    }

    private static Task<Results<Ok<ContentDraftResource>, ValidationProblem, ProblemHttpResult>> SubmitAsync(
        string id, ClaimsPrincipal user, EditorialWorkflow workflow, HttpContext http, CancellationToken ct) =>
        StepAsync(id, user, workflow, http, revision => workflow.SubmitAsync(user, id, revision, ct), ct);

    private static Task<Results<Ok<ContentDraftResource>, ValidationProblem, ProblemHttpResult>> PublishAsync(
        string id, ClaimsPrincipal user, EditorialWorkflow workflow, HttpContext http, CancellationToken ct) =>
        StepAsync(id, user, workflow, http, revision => workflow.PublishAsync(user, id, revision, ct), ct);

    /// <summary>A workflow step on the latest version; with If-Match only while that is still the latest.</summary>
    private static async Task<Results<Ok<ContentDraftResource>, ValidationProblem, ProblemHttpResult>> StepAsync(
        string id, ClaimsPrincipal user, EditorialWorkflow workflow, HttpContext http, Func<int, Task> step, CancellationToken ct)
    {
        var item = await workflow.GetAsync(id, ct);
        if (item is null || !await workflow.MayAsync(user, item, ContentOperations.ViewDraft)) return NotFound(id);
        var revision = item.Latest.Revision;
        if (http.Request.Headers.IfMatch.Count > 0 && ExpectedRevision(http) != revision) return Stale(item.Latest);
        return await Attempt(async () =>
        {
            await step(revision);
            return await AnswerAsync(http, workflow, id, TypedResults.Ok, ct);
        });
    }

    private static async Task<T> AnswerAsync<T>(HttpContext http, EditorialWorkflow workflow, string id, Func<ContentDraftResource, T> answer, CancellationToken ct)
    {
        var item = (await workflow.GetAsync(id, ct))!;
        http.Response.Headers.ETag = ETagOf(item.Latest);
        return answer(Resource(item));
    }

    /// <summary>The workflow's refusals as problems: its own status (403, 404, 409), 412 when stale, 400 naming the field.</summary>
    private static async Task<Results<T, ValidationProblem, ProblemHttpResult>> Attempt<T>(Func<Task<T>> action) where T : IResult
    {
        try
        {
            return await action();
        }
        catch (WorkflowException e)
        {
            var (title, titleEn) = e.Status switch
            {
                StatusCodes.Status403Forbidden => ("Geen toestemming", "Forbidden"),
                StatusCodes.Status404NotFound => ("Niet gevonden", "Not found"),
                _ => ("Kan nu niet", "Conflict"),
            };
            return Problem(e.Status, title, titleEn, e.Message);
        }
        catch (ContentConcurrencyException e)
        {
            return Problem(StatusCodes.Status412PreconditionFailed, "Intussen gewijzigd", "Precondition failed",
                $"Iemand heeft dit item gewijzigd sinds je het las (nu versie \"r{e.ActualRevision}\"). Lees het opnieuw en pas je wijziging daarop toe.");
        }
        catch (ContentValidationException e)
        {
            return Invalid(e);
        }
    }

    private static ContentEdit Edit(ContentWriteRequest body) => new(body.Title ?? "", body.Slug, body.Fields ?? []);

    private static ContentDraftResource Resource(EditorialView item) => new(
        item.Latest.ContentItemId, item.Latest.ContentType, item.Latest.DisplayText, item.Latest.Slug, item.Latest.Revision,
        WorkflowText.Label(item.State), item.Published is not null, item.Latest.Owner, item.Latest.CreatedUtc, item.Latest.ModifiedUtc,
        item.Published?.PublishedUtc, (JsonObject)item.Latest.Fields.DeepClone());

    internal static string ETagOf(ContentItem item) => $"\"r{item.Revision.ToString(CultureInfo.InvariantCulture)}\"";

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
