using System.Globalization;
using System.Text;
using LerendeRegio.Web.Mail;
using MimeKit;
using static LerendeRegio.Web.Newsletter.MailLayout;

namespace LerendeRegio.Web.Newsletter;

/// <summary>A composed digest and how many items it holds.</summary>
public sealed record ComposedDigest(MimeMessage Message, int ItemCount);

/// <summary>
/// Writes one subscriber's digest: an HTML part for mail clients and a plain-text part with the same content. Built
/// with a string builder instead of a view engine: ten thousand of these a minute is the aim.
/// </summary>
public sealed class DigestComposer(NewsletterTokens tokens, NewsletterLinks links, MailSender sender, Microsoft.Extensions.Options.IOptions<NewsletterOptions> options)
{
    private static readonly CultureInfo Dutch = CultureInfo.GetCultureInfo("nl-NL");

    /// <summary>The digest's Message-Id follows from (period, subscriber): a second copy after a crash is recognisable as the same message.</summary>
    public static string MessageId(DigestPeriod period, long subscriberId, string domain) => $"digest.{period.Key}.{subscriberId}@{domain}";

    public async Task<ComposedDigest> ComposeAsync(DigestEdition edition, Subscriber subscriber, string? subjectPrefix = null, CancellationToken ct = default)
    {
        var preferences = subscriber.Preferences;
        var all = edition.For(preferences);
        var items = all.Count > options.Value.MaxItems ? all.Take(options.Value.MaxItems).ToList() : all;
        var token = await tokens.CreateAsync(subscriber, TokenPurpose.Manage, TimeSpan.FromDays(options.Value.PreferencesLinkDays), ct);
        var manageUrl = links.Preferences(token);
        var unsubscribeUrl = links.Unsubscribe(token);
        var period = edition.Period.DisplayName;
        var choice = edition.Choices.Describe(preferences);
        var subject = subjectPrefix + (all.Count == 0
            ? $"{edition.SiteName} in {period}: niets nieuws over jouw onderwerpen"
            : $"{edition.SiteName} in {period}: {all.Count} {(all.Count == 1 ? "nieuwe publicatie" : "nieuwe publicaties")}");
        var preheader = all.Count == 0
            ? $"Deze maand is er niets verschenen over {choice}."
            : $"Nieuw: {string.Join(", ", items.Take(3).Select(i => i.Title))}";

        var html = new StringBuilder(4_096 + 1_024 * items.Count);
        Open(html, subject, preheader, edition.SiteName);
        html.Append("<tr><td style=\"padding:24px 24px 8px;\"><h1 style=\"margin:0;font-size:24px;line-height:1.3;color:").Append(Ink)
            .Append(";\" class=\"lr-ink\">Nieuw in ").Append(E(period)).Append("</h1></td></tr>");
        Paragraph(html, all.Count == 0
            ? $"Deze maand is er niets gepubliceerd over {choice}. Op de site vind je alles wat er al is."
            : $"Wat er deze maand is gepubliceerd over {choice}.", muted: true);
        foreach (var item in items) html.Append(Fragment(edition, item).Html);
        if (all.Count > items.Count)
            Paragraph(html, $"En nog {all.Count - items.Count} meer: kijk op {links.BaseUrl}.");
        Close(html, $"Je krijgt dit overzicht omdat {subscriber.Email} is aangemeld voor de nieuwsbrief van {edition.SiteName}.",
            [(manageUrl, "Voorkeuren aanpassen of gegevens inzien"), (unsubscribeUrl, "Afmelden")]);

        var text = new StringBuilder(1_024 + 400 * items.Count);
        text.Append("Nieuw in ").Append(period).Append("\r\n\r\n");
        text.Append(all.Count == 0 ? $"Deze maand is er niets gepubliceerd over {choice}." : $"Wat er deze maand is gepubliceerd over {choice}.").Append("\r\n\r\n");
        foreach (var item in items) text.Append(Fragment(edition, item).Text);
        if (all.Count > items.Count) text.Append("En nog ").Append(all.Count - items.Count).Append(" meer: ").Append(links.BaseUrl).Append("\r\n\r\n");
        text.Append("-- \r\nJe krijgt dit overzicht omdat ").Append(subscriber.Email).Append(" is aangemeld voor de nieuwsbrief van ").Append(edition.SiteName).Append(".\r\n")
            .Append("Voorkeuren aanpassen of gegevens inzien: ").Append(manageUrl).Append("\r\n")
            .Append("Afmelden: ").Append(unsubscribeUrl).Append("\r\n");

        var message = new MimeMessage();
        message.From.Add(sender.From);
        message.To.Add(MailboxAddress.Parse(subscriber.Email));
        message.Subject = subject;
        message.MessageId = MessageId(edition.Period, subscriber.Id, edition.FromDomain);
        // RFC 2369 and RFC 8058: mail clients show an unsubscribe button that POSTs "List-Unsubscribe=One-Click" here.
        message.Headers.Add("List-Unsubscribe", $"<{unsubscribeUrl}>");
        message.Headers.Add("List-Unsubscribe-Post", "List-Unsubscribe=One-Click");
        message.Headers.Add("List-Id", $"Nieuwsbrief {edition.SiteName} <nieuwsbrief.{edition.FromDomain}>");
        message.Headers.Add("Precedence", "bulk");
        message.Headers.Add("Auto-Submitted", "auto-generated");
        message.Body = new BodyBuilder { HtmlBody = html.ToString(), TextBody = text.ToString() }.ToMessageBody();
        return new ComposedDigest(message, all.Count);
    }

    private static (string Html, string Text) Fragment(DigestEdition edition, DigestItem item) => edition.Fragments.GetOrAdd(item.ContentItemId, _ =>
    {
        var html = new StringBuilder(1_024);
        Item(html, item);
        var text = new StringBuilder(512);
        text.Append("* ").Append(item.Title).Append(" (").Append(item.TypeDisplayName).Append(", ")
            .Append(item.PublishedUtc.ToString("d MMMM", Dutch)).Append(")\r\n");
        if (item.Summary is not null) text.Append("  ").Append(item.Summary).Append("\r\n");
        text.Append("  ").Append(item.Url).Append("\r\n\r\n");
        return (html.ToString(), text.ToString());
    });

    private static void Item(StringBuilder html, DigestItem item)
    {
        html.Append("<tr><td style=\"padding:12px 24px;\"><table role=\"presentation\" width=\"100%\" cellpadding=\"0\" cellspacing=\"0\" border=\"0\"><tr>");
        if (item.ImageUrl is not null)
        {
            html.Append("<td width=\"120\" valign=\"top\" style=\"padding:0 16px 0 0;\"><img src=\"").Append(E(item.ImageUrl))
                .Append("\" width=\"120\" alt=\"\" style=\"display:block;width:120px;max-width:120px;height:auto;border:0;border-radius:4px;\"></td>");
        }
        html.Append("<td valign=\"top\" style=\"font-size:16px;line-height:1.5;color:").Append(Ink).Append(";\" class=\"lr-ink\">")
            .Append("<div style=\"font-size:12px;font-weight:bold;text-transform:uppercase;letter-spacing:0.04em;color:").Append(Muted).Append(";\" class=\"lr-muted\">")
            .Append(E(item.TypeDisplayName)).Append(" · ").Append(E(item.PublishedUtc.ToString("d MMMM", Dutch))).Append("</div>")
            .Append("<a href=\"").Append(E(item.Url)).Append("\" style=\"font-size:18px;font-weight:bold;color:").Append(Brand)
            .Append(";text-decoration:underline;\" class=\"lr-link\">").Append(E(item.Title)).Append("</a>");
        if (item.Summary is not null) html.Append("<div style=\"margin-top:4px;\">").Append(E(item.Summary)).Append("</div>");
        html.Append("</td></tr></table></td></tr>");
    }
}
