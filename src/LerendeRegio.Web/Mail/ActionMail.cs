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
/// The site's public address for links in mail: the configured <c>LerendeRegio:Mail:PublicBaseUrl</c>, else the current
/// request's (never trusted for security mails when a configured one exists), else the embedded default.
/// </summary>
public sealed class MailLinks(IOptions<LerendeRegioOptions> options, IHttpContextAccessor http)
{
    public const string EmbeddedDefault = "http://localhost:5000";

    public string BaseUrl => options.Value.Mail.PublicBaseUrl is { Length: > 0 } configured
        ? configured.TrimEnd('/')
        : http.HttpContext is { } c ? $"{c.Request.Scheme}://{c.Request.Host}{c.Request.PathBase}" : EmbeddedDefault;

    public string Absolute(string path) => BaseUrl + (path.StartsWith('/') ? path : "/" + path);
}
