using System.Text.Encodings.Web;
using LerendeRegio.Web.Setup;
using Microsoft.Extensions.Options;

namespace LerendeRegio.Web.Mail;

/// <summary>
/// A short mail that asks one thing with one button (invitations, password resets, "is this still current?"): plain
/// HTML that every client shows, with the link also written out for clients that hide buttons.
/// </summary>
public static class ActionMail
{
    public static string E(string? text) => HtmlEncoder.Default.Encode(text ?? "");

    public static string Html(string title, string intro, string link, string button, string outro) => $"""
        <!DOCTYPE html>
        <html lang="nl"><head><meta charset="utf-8"><title>{E(title)}</title></head>
        <body style="font-family: Arial, sans-serif; color: #1b1f24; line-height: 1.5; max-width: 36rem;">
        <h1 style="font-size: 1.4rem;">{E(title)}</h1>
        {intro}
        <p><a href="{E(link)}" style="display: inline-block; background: #9e1c23; color: #ffffff; padding: 0.6rem 1rem; border-radius: 6px; text-decoration: none; font-weight: bold;">{E(button)}</a></p>
        <p style="font-size: 0.9rem; color: #4a5561;">Werkt de knop niet? Kopieer dan dit adres in je browser: {E(link)}</p>
        {outro}
        </body></html>
        """;
}

/// <summary>
/// The site's public address for links in mail. Mail is often built by background jobs, without a request to take the
/// host from (and a Host header is not to be trusted for a password-reset link anyway), so it is
/// <c>LerendeRegio:Mail:PublicBaseUrl</c>; without it, the site's own first address (<c>ASPNETCORE_URLS</c>), or the
/// embedded default.
/// </summary>
public sealed class MailLinks
{
    public const string EmbeddedDefault = "http://localhost:5000";

    public MailLinks(IOptions<LerendeRegioOptions> options, IConfiguration configuration)
    {
        var configured = options.Value.Mail.PublicBaseUrl;
        IsConfigured = !string.IsNullOrWhiteSpace(configured);
        var listening = (configuration["urls"] ?? configuration["ASPNETCORE_URLS"] ?? "")
            .Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(u => u.Replace("://*", "://localhost", StringComparison.Ordinal).Replace("://+", "://localhost", StringComparison.Ordinal)
                .Replace("://0.0.0.0", "://localhost", StringComparison.Ordinal))
            .FirstOrDefault(u => Uri.TryCreate(u, UriKind.Absolute, out _));
        BaseUrl = (IsConfigured ? configured! : listening ?? EmbeddedDefault).TrimEnd('/');
    }

    public bool IsConfigured { get; }

    /// <summary>Scheme, host and optional path prefix, without a trailing slash.</summary>
    public string BaseUrl { get; }

    public string Absolute(string path) => BaseUrl + (path.StartsWith('/') ? path : "/" + path);
}
