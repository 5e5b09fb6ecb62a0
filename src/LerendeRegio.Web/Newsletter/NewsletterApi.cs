using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Threading.RateLimiting;
using LerendeRegio.Web.Api;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Options;

namespace LerendeRegio.Web.Newsletter;

/// <summary>The body of <c>POST /api/newsletter/subscriptions</c>; preferences left out or empty mean "alles".</summary>
public sealed record SubscriptionRequest(string? Email, IReadOnlyList<string>? Themes, IReadOnlyList<string>? Gemeenten, IReadOnlyList<string>? Types);

/// <summary>The one answer to every acceptable request, whatever the address's state.</summary>
public sealed record SubscriptionAccepted(string Status, string Message);

/// <summary>
/// Subscribe requests per client IP address per hour (POSTs only: reading the form is free). The API gets a
/// problem+json 429 with Retry-After; the page gets the site's 429 page, which explains it in Dutch.
/// </summary>
internal sealed class SubscribeRateLimitPolicy(IOptions<NewsletterOptions> options) : IRateLimiterPolicy<string>
{
    public const string Name = "newsletter-subscribe";

    // Partitions are cached by key: the unlimited one needs a key no address can have.
    public RateLimitPartition<string> GetPartition(HttpContext httpContext) => HttpMethods.IsPost(httpContext.Request.Method)
        ? RateLimitPartition.GetFixedWindowLimiter("ip:" + httpContext.Connection.RemoteIpAddress,
            _ => new FixedWindowRateLimiterOptions { PermitLimit = options.Value.RequestsPerHourPerIp, Window = TimeSpan.FromHours(1), QueueLimit = 0 })
        : RateLimitPartition.GetNoLimiter("read");

    public Func<OnRejectedContext, CancellationToken, ValueTask>? OnRejected => async (rejected, ct) =>
    {
        var retryAfter = rejected.Lease.TryGetMetadata(MetadataName.RetryAfter, out var wait) ? wait : TimeSpan.FromHours(1);
        var seconds = Math.Max(1, (int)Math.Ceiling(retryAfter.TotalSeconds));
        var http = rejected.HttpContext;
        http.Response.StatusCode = StatusCodes.Status429TooManyRequests;
        http.Response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
        if (http.Request.Path.StartsWithSegments("/api")) await NewsletterApi.TooManyRequests(retryAfter).ToResult().ExecuteAsync(http);
    };
}

public static class NewsletterApi
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    internal static readonly SubscriptionAccepted Accepted = new("pending",
        "Dank je. Als dit adres nog niet is aangemeld, krijg je een e-mail met een link om je aanmelding te bevestigen. Zonder bevestiging sturen we niets.");

    internal static ApiProblem TooManyRequests(TimeSpan retryAfter) => new(StatusCodes.Status429TooManyRequests,
        "Te veel aanmeldingen", "Too many subscription requests",
        $"Er zijn te veel aanmeldingen gedaan vanaf dit adres of voor dit e-mailadres. Probeer het over {Minutes(retryAfter)} opnieuw.");

    internal static string Minutes(TimeSpan wait) => wait.TotalMinutes <= 1 ? "een minuut" : $"{(int)Math.Ceiling(wait.TotalMinutes)} minuten";

    public static IEndpointRouteBuilder MapNewsletterApi(this IEndpointRouteBuilder app)
    {
        app.MapPost("/api/newsletter/subscriptions", SubscribeAsync)
            .WithName("Subscribe")
            .WithTags("Nieuwsbrief")
            .RequireRateLimiting(SubscribeRateLimitPolicy.Name)
            .DisableAntiforgery()
            .Accepts<SubscriptionRequest>("application/json")
            .Produces<SubscriptionAccepted>(StatusCodes.Status202Accepted)
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status429TooManyRequests)
            .WithSummary("Aanmelden voor het maandelijkse overzicht (double opt-in)")
            .WithDescription("Start een aanmelding: er volgt een e-mail met een bevestigingslink (48 uur geldig); zonder bevestiging wordt niets "
                + "verstuurd. Het antwoord is altijd hetzelfde, ook als het adres al bekend is. `themes` zijn begrippen van de vocabulaire thema, "
                + "`gemeenten` van gemeente, `types` inhoudstypes (Project, Intervention, SchoolPractice, LessonLearned); leeg of weggelaten is alles. "
                + "Per IP-adres en per e-mailadres geldt een limiet per uur (429 met Retry-After).")
            .AddOpenApiOperationTransformer((operation, _, _) =>
            {
                // Examples for readers of /api/docs: a request with choices, and the one answer.
                if (operation.RequestBody?.Content?.TryGetValue("application/json", out var body) == true)
                    body.Example = JsonNode.Parse("""{"email":"naam@voorbeeld.nl","themes":["kansen-voor-kinderen"],"gemeenten":["emmen"],"types":["SchoolPractice"]}""");
                if (operation.Responses?.TryGetValue("202", out var accepted) == true && accepted.Content?.TryGetValue("application/json", out var answer) == true)
                    answer.Example = JsonSerializer.SerializeToNode(Accepted, Json);
                return Task.CompletedTask;
            });
        return app;
    }

    private static async Task<Results<Accepted<SubscriptionAccepted>, ProblemHttpResult, ValidationProblem>> SubscribeAsync(
        HttpRequest request, SubscriptionService subscriptions, CancellationToken ct)
    {
        SubscriptionRequest? body;
        try
        {
            body = request.HasJsonContentType() ? await JsonSerializer.DeserializeAsync<SubscriptionRequest>(request.Body, Json, ct) : null;
        }
        catch (JsonException)
        {
            body = null;
        }
        if (body is null)
            return Problem(new ApiProblem(StatusCodes.Status400BadRequest, "Ongeldig verzoek", "Invalid request",
                "Stuur JSON zoals {\"email\": \"naam@voorbeeld.nl\", \"themes\": [], \"gemeenten\": [], \"types\": []} met Content-Type application/json."));
        var result = await subscriptions.SubscribeAsync(body.Email, body.Themes, body.Gemeenten, body.Types, ct);
        switch (result.Outcome)
        {
            case SubscribeOutcome.Invalid:
                return Problem(new ApiProblem(StatusCodes.Status400BadRequest, "Ongeldige aanmelding", "Invalid subscription", result.Problem!, result.Field));
            case SubscribeOutcome.TooManyRequests:
                request.HttpContext.Response.Headers.RetryAfter = Math.Max(1, (int)Math.Ceiling(result.RetryAfter.TotalSeconds)).ToString(CultureInfo.InvariantCulture);
                return Problem(TooManyRequests(result.RetryAfter));
            default:
                return TypedResults.Accepted((string?)null, Accepted);
        }
    }

    private static Results<Accepted<SubscriptionAccepted>, ProblemHttpResult, ValidationProblem> Problem(ApiProblem problem) => problem.ToResult() switch
    {
        ProblemHttpResult p => p,
        ValidationProblem v => v,
        _ => throw new InvalidOperationException("ApiProblem yields a problem result."),
    };
}
