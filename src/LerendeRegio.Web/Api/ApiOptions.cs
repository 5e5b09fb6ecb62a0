using System.ComponentModel.DataAnnotations;

namespace LerendeRegio.Web.Api;

/// <summary>The <c>LerendeRegio:Api</c> configuration section: rate limit and CORS of the public JSON API.</summary>
public sealed class ApiOptions : IValidatableObject
{
    public const string Section = "LerendeRegio:Api";

    /// <summary>Requests one client IP address may make to <c>/api</c> per minute before it gets a 429.</summary>
    [Range(1, 10_000_000)]
    public int RequestsPerMinute { get; set; } = 600;

    /// <summary>Requests one personal access token may make per minute (counted per token, wherever it comes from).</summary>
    [Range(1, 10_000_000)]
    public int TokenRequestsPerMinute { get; set; } = 1200;

    /// <summary>Origins (<c>https://example.nl</c>) whose pages may read the API from the browser; none by default.</summary>
    public string[] CorsOrigins { get; set; } = [];

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        foreach (var origin in CorsOrigins)
        {
            if (!Uri.TryCreate(origin, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https")
                || uri.AbsolutePath != "/" || origin.EndsWith('/'))
            {
                yield return new ValidationResult(
                    $"LerendeRegio:Api:CorsOrigins: '{origin}' is not an origin; write scheme and host without a path, e.g. https://www.example.nl.",
                    [nameof(CorsOrigins)]);
            }
        }
    }
}
