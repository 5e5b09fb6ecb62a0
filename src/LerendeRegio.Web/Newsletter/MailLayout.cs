using System.Text;
using System.Text.Encodings.Web;
using System.Text.Unicode;

namespace LerendeRegio.Web.Newsletter;

/// <summary>
/// The HTML frame of every newsletter mail, written for mail clients rather than browsers: one centred 600 px table,
/// inline styles only (Gmail and Outlook drop or ignore most of &lt;style&gt;), explicit background colours on every
/// cell so a client's dark mode either keeps them or inverts them as a whole, a hidden preheader (the line shown
/// after the subject in an inbox), and a media query for the clients that honour <c>prefers-color-scheme</c>.
/// </summary>
internal static class MailLayout
{
    public const string Brand = "#b4232a", Ink = "#1f2328", Muted = "#57606a", Paper = "#ffffff", Wash = "#f4f1ec", Line = "#d8d2c8";

    public static readonly HtmlEncoder Html = HtmlEncoder.Create(UnicodeRanges.All);

    public static string E(string? value) => Html.Encode(value ?? "");

    public static void Open(StringBuilder html, string title, string preheader, string siteName)
    {
        html.Append("<!DOCTYPE html><html lang=\"nl\" xmlns=\"http://www.w3.org/1999/xhtml\"><head><meta charset=\"utf-8\">")
            .Append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">")
            .Append("<meta name=\"color-scheme\" content=\"light dark\"><meta name=\"supported-color-schemes\" content=\"light dark\">")
            .Append("<title>").Append(E(title)).Append("</title>")
            .Append("<style>@media (prefers-color-scheme: dark){.lr-paper{background:#1c1c1e!important;color:#f2f2f2!important}")
            .Append(".lr-wash{background:#2c2c2e!important}.lr-ink{color:#f2f2f2!important}.lr-muted{color:#c7c7cc!important}")
            .Append(".lr-link{color:#ff8a80!important}}</style></head>")
            .Append("<body style=\"margin:0;padding:0;background:").Append(Wash).Append(";\" class=\"lr-wash\">")
            // The preheader: shown by inboxes after the subject, invisible in the message itself.
            .Append("<div style=\"display:none;max-height:0;overflow:hidden;mso-hide:all;font-size:1px;line-height:1px;color:").Append(Wash).Append(";\">")
            .Append(E(preheader)).Append(string.Concat(Enumerable.Repeat("&#847;&zwnj;&nbsp;", 30))).Append("</div>")
            .Append("<table role=\"presentation\" width=\"100%\" cellpadding=\"0\" cellspacing=\"0\" border=\"0\" bgcolor=\"").Append(Wash)
            .Append("\" class=\"lr-wash\" style=\"background:").Append(Wash).Append(";\"><tr><td align=\"center\" style=\"padding:16px 8px;\">")
            .Append("<table role=\"presentation\" width=\"600\" cellpadding=\"0\" cellspacing=\"0\" border=\"0\" bgcolor=\"").Append(Paper)
            .Append("\" class=\"lr-paper\" style=\"width:100%;max-width:600px;background:").Append(Paper).Append(";border:1px solid ").Append(Line)
            .Append(";border-radius:6px;font-family:Arial,Helvetica,sans-serif;color:").Append(Ink).Append(";\">")
            .Append("<tr><td bgcolor=\"").Append(Brand).Append("\" style=\"background:").Append(Brand)
            .Append(";padding:16px 24px;border-radius:6px 6px 0 0;font-size:20px;font-weight:bold;color:#ffffff;\">")
            .Append(E(siteName)).Append("</td></tr>");
    }

    public static void Paragraph(StringBuilder html, string text, bool muted = false) =>
        html.Append("<tr><td style=\"padding:8px 24px;font-size:16px;line-height:1.5;color:").Append(muted ? Muted : Ink)
            .Append(";\" class=\"").Append(muted ? "lr-muted" : "lr-ink").Append("\">").Append(E(text)).Append("</td></tr>");

    /// <summary>A section heading inside the message (an h2: mail clients' own styles are overridden inline).</summary>
    public static void Heading(StringBuilder html, string text) =>
        html.Append("<tr><td style=\"padding:24px 24px 4px;\"><h2 style=\"margin:0;font-size:20px;line-height:1.3;color:").Append(Ink)
            .Append(";\" class=\"lr-ink\">").Append(E(text)).Append("</h2></td></tr>");

    /// <summary>A bulleted list of short lines.</summary>
    public static void List(StringBuilder html, IEnumerable<string> lines)
    {
        html.Append("<tr><td style=\"padding:0 24px;font-size:16px;line-height:1.5;color:").Append(Ink).Append(";\" class=\"lr-ink\"><ul style=\"margin:4px 0 8px;padding-left:20px;\">");
        foreach (var line in lines) html.Append("<li style=\"margin:0 0 4px;\">").Append(E(line)).Append("</li>");
        html.Append("</ul></td></tr>");
    }

    /// <summary>A link on a line of its own.</summary>
    public static void Link(StringBuilder html, string href, string text) =>
        html.Append("<tr><td style=\"padding:4px 24px 8px;font-size:16px;line-height:1.5;\"><a href=\"").Append(E(href)).Append("\" style=\"color:").Append(Brand)
            .Append(";text-decoration:underline;\" class=\"lr-link\">").Append(E(text)).Append("</a></td></tr>");

    public static void Button(StringBuilder html, string href, string text) =>
        html.Append("<tr><td style=\"padding:16px 24px;\"><table role=\"presentation\" cellpadding=\"0\" cellspacing=\"0\" border=\"0\"><tr>")
            .Append("<td bgcolor=\"").Append(Brand).Append("\" style=\"border-radius:4px;background:").Append(Brand).Append(";\">")
            .Append("<a href=\"").Append(E(href)).Append("\" style=\"display:inline-block;padding:12px 20px;font-size:16px;font-weight:bold;color:#ffffff;text-decoration:none;\">")
            .Append(E(text)).Append("</a></td></tr></table></td></tr>");

    /// <summary>The footer with the links every newsletter mail carries.</summary>
    public static void Close(StringBuilder html, string why, IEnumerable<(string Href, string Text)> links)
    {
        html.Append("<tr><td style=\"padding:16px 24px 24px;border-top:1px solid ").Append(Line).Append(";font-size:13px;line-height:1.5;color:").Append(Muted)
            .Append(";\" class=\"lr-muted\">").Append(E(why));
        foreach (var (href, text) in links)
            html.Append("<br><a href=\"").Append(E(href)).Append("\" style=\"color:").Append(Brand).Append(";\" class=\"lr-link\">").Append(E(text)).Append("</a>");
        html.Append("</td></tr></table></td></tr></table></body></html>");
    }
}
