namespace LerendeRegio.Web.Api;

/// <summary>
/// A request the client can correct, explained in Dutch (<c>title</c>, <c>detail</c>) with an English title in
/// <c>titleEn</c> for developers who do not read Dutch.
/// </summary>
public sealed record ApiProblem(int Status, string Title, string TitleEn, string Detail, string? Parameter = null)
{
    public const string TitleEnExtension = "titleEn";

    /// <summary>A problem with one query parameter is a validation problem naming that parameter; others a plain problem.</summary>
    public IResult ToResult() => Parameter is null
        ? TypedResults.Problem(Detail, statusCode: Status, title: Title, extensions: new Dictionary<string, object?> { [TitleEnExtension] = TitleEn })
        : TypedResults.ValidationProblem(new Dictionary<string, string[]> { [Parameter] = [Detail] }, Detail, title: Title,
            extensions: new Dictionary<string, object?> { [TitleEnExtension] = TitleEn });

    public static ApiProblem NotFound(string detail) => new(StatusCodes.Status404NotFound, "Niet gevonden", "Not found", detail);

    public static ApiProblem UnknownType(string type, IEnumerable<string> known) => new(StatusCodes.Status400BadRequest,
        "Onbekend inhoudstype", "Unknown content type", $"'{type}' is geen inhoudstype. Mogelijk zijn: {string.Join(", ", known)}.", "type");

    public static ApiProblem UnknownFilter(string key, IEnumerable<string> known) => new(StatusCodes.Status400BadRequest,
        "Onbekend filter", "Unknown filter", $"Op '{key}' kun je niet filteren. Mogelijk zijn: {string.Join(", ", known)}.", key);

    public static ApiProblem UnknownTerm(string vocabulary, string term) => new(StatusCodes.Status400BadRequest,
        "Onbekende waarde", "Unknown term", $"'{term}' is geen bekende waarde van {vocabulary}.", vocabulary);

    public static ApiProblem TooManyTerms(string vocabulary, int max) => new(StatusCodes.Status400BadRequest,
        "Te veel waarden", "Too many values", $"Kies hoogstens {max} waarden bij {vocabulary}.", vocabulary);

    public static ApiProblem BadCursor() => new(StatusCodes.Status400BadRequest,
        "Ongeldige cursor", "Invalid cursor", "De waarde van 'after' is geen cursor van deze API. Gebruik de waarde van 'next' uit een eerder antwoord.", "after");

    public static ApiProblem BadLimit(string value, int max) => new(StatusCodes.Status400BadRequest,
        "Ongeldige limiet", "Invalid limit", $"'{value}' is geen geldige limiet. Gebruik een heel getal van 1 tot en met {max}.", "limit");

    public static ApiProblem BadDate(string parameter, string value) => new(StatusCodes.Status400BadRequest,
        "Ongeldige datum", "Invalid date", $"'{value}' is geen geldige datum voor {parameter}. Gebruik een datum als 2026-10-01 of een tijdstip met tijdzone als 2026-10-01T08:00:00Z.", parameter);

    public static ApiProblem TooManyRequests(int seconds) => new(StatusCodes.Status429TooManyRequests,
        "Te veel verzoeken", "Too many requests", $"Je hebt de API te vaak gevraagd. Probeer het over {seconds} seconden opnieuw.");
}
