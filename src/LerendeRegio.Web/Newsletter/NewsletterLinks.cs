using LerendeRegio.Web.Setup;
using Microsoft.Extensions.Options;

namespace LerendeRegio.Web.Newsletter;

/// <summary>
/// Absolute links for mail. Mail is built by background jobs, without a request to take the host from (and a Host
/// header is not to be trusted anyway), so the address comes from <c>LerendeRegio:Mail:PublicBaseUrl</c>; without it,
/// the embedded site's own first address (<c>ASPNETCORE_URLS</c>), or http://localhost:5000, with a warning at start.
/// </summary>
public sealed class NewsletterLinks
{
    public NewsletterLinks(IOptions<LerendeRegioOptions> options, IConfiguration configuration)
    {
        var configured = options.Value.Mail.PublicBaseUrl;
        IsConfigured = !string.IsNullOrWhiteSpace(configured);
        var fallback = (configuration["urls"] ?? configuration["ASPNETCORE_URLS"] ?? "")
            .Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(u => u.Replace("://*", "://localhost", StringComparison.Ordinal).Replace("://+", "://localhost", StringComparison.Ordinal)
                .Replace("://0.0.0.0", "://localhost", StringComparison.Ordinal))
            .FirstOrDefault(u => Uri.TryCreate(u, UriKind.Absolute, out _));
        BaseUrl = (IsConfigured ? configured! : fallback ?? "http://localhost:5000").TrimEnd('/');
    }

    public bool IsConfigured { get; }

    /// <summary>Scheme, host and optional path prefix, without a trailing slash.</summary>
    public string BaseUrl { get; }

    public string Absolute(string path) => BaseUrl + (path.StartsWith('/') ? path : "/" + path);

    public string Confirm(string token) => Absolute($"/nieuwsbrief/bevestigen/{token}");

    public string Preferences(string token) => Absolute($"/nieuwsbrief/voorkeuren/{token}");

    /// <summary>The RFC 8058 one-click address and the visible link: GET shows a button, POST unsubscribes at once.</summary>
    public string Unsubscribe(string token) => Absolute($"/nieuwsbrief/afmelden/{token}");

    public string Subscribe => Absolute("/nieuwsbrief");
}
