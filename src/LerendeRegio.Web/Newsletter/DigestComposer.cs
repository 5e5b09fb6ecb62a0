using System.Globalization;
using System.Text;
using LerendeRegio.Web.Mail;
using MimeKit;
using static LerendeRegio.Web.Newsletter.MailLayout;

namespace LerendeRegio.Web.Newsletter;

/// <summary>
/// A composed digest: how many different items it holds (the general part and the saved-search sections together), and
/// whether the subscriber asked for anything at all (general digest off and no saved search: nothing to send, ever).
/// </summary>
public sealed record ComposedDigest(MimeMessage Message, int ItemCount, bool NothingSubscribed = false);

/// <summary>
/// Writes one subscriber's digest: an HTML part for mail clients and a plain-text part with the same content. Built
/// with a string builder instead of a view engine: ten thousand of these a minute is the aim.
/// First a section per active saved search ("Nieuw voor je zoekopdracht ‘…’": the period's items the search finds on the
/// site, and a link to run it there), then the general part (the period's items filtered by the preferences), unless the
/// subscriber switched it off. A saved-search section is complete on its own (an item can appear under two saved
/// searches); the general part leaves out what a section above already showed and says how many that were. Every
/// item counts once in the subject and the delivery record.
/// </summary>
public sealed class DigestComposer(NewsletterTokens tokens, NewsletterLinks links, MailSender sender, Microsoft.Extensions.Options.IOptions<NewsletterOptions> options)
{
    private static readonly CultureInfo Dutch = CultureInfo.GetCultureInfo("nl-NL");

    /// <summary>The digest's Message-Id follows from (period, subscriber): a second copy after a crash is recognisable as the same message.</summary>
    public static string MessageId(DigestPeriod period, long subscriberId, string domain) => $"digest.{period.Key}.{subscriberId}@{domain}";

    /// <param name="searches">The subscriber's active saved searches, in the order they were saved.</param>
    public async Task<ComposedDigest> ComposeAsync(DigestEdition edition, Subscriber subscriber, IReadOnlyList<SavedSearch>? searches = null,
        string? subjectPrefix = null, CancellationToken ct = default)
    {
        searches ??= [];
        var max = options.Value.MaxItems;
        var preferences = subscriber.Preferences;
        var general = subscriber.GeneralDigest ? edition.For(preferences) : [];
        var sections = searches.Select(s => (Search: s, Items: edition.For(s.Criteria))).ToList();
        var distinct = general.Concat(sections.SelectMany(s => s.Items)).Select(i => i.ContentItemId).Distinct().Count();
        var shown = sections.SelectMany(s => s.Items.Take(max)).Concat(general.Take(max)).DistinctBy(i => i.ContentItemId).ToList();
        var token = await tokens.CreateAsync(subscriber, TokenPurpose.Manage, TimeSpan.FromDays(options.Value.PreferencesLinkDays), ct);
        var manageUrl = links.Preferences(token);
        var unsubscribeUrl = links.Unsubscribe(token);
        var period = edition.Period.DisplayName;
        var choice = edition.Choices.Describe(preferences);
        var about = subscriber.GeneralDigest
            ? (sections.Count == 0 ? choice : $"{choice} en je bewaarde zoekopdrachten")
            : "je bewaarde zoekopdrachten";
        var subject = subjectPrefix + (distinct == 0
            ? $"{edition.SiteName} in {period}: niets nieuws over jouw onderwerpen"
            : $"{edition.SiteName} in {period}: {distinct} {(distinct == 1 ? "nieuwe publicatie" : "nieuwe publicaties")}");
        var preheader = distinct == 0
            ? $"Deze maand is er niets verschenen over {about}."
            : $"Nieuw: {string.Join(", ", shown.Take(3).Select(i => i.Title))}";
        var intro = distinct == 0
            ? $"Deze maand is er niets gepubliceerd over {about}. Op de site vind je alles wat er al is."
            : $"Wat er deze maand is gepubliceerd over {about}.";

        var html = new StringBuilder(4_096 + 1_024 * shown.Count);
        var text = new StringBuilder(1_024 + 400 * shown.Count);
        Open(html, subject, preheader, edition.SiteName);
        html.Append("<tr><td style=\"padding:24px 24px 8px;\"><h1 style=\"margin:0;font-size:24px;line-height:1.3;color:").Append(Ink)
            .Append(";\" class=\"lr-ink\">Nieuw in ").Append(E(period)).Append("</h1></td></tr>");
        Paragraph(html, intro, muted: true);
        text.Append("Nieuw in ").Append(period).Append("\r\n\r\n").Append(intro).Append("\r\n\r\n");

        foreach (var (search, items) in sections)
        {
            var heading = $"Nieuw voor je zoekopdracht ‘{search.Name}’";
            var searchUrl = links.Absolute(search.Criteria.SitePath(newestFirst: true));
            Heading(html, heading);
            text.Append("== ").Append(heading).Append(" ==\r\n\r\n");
            if (items.Count == 0)
            {
                Paragraph(html, "Deze maand niets nieuws voor deze zoekopdracht.", muted: true);
                text.Append("Deze maand niets nieuws voor deze zoekopdracht.\r\n\r\n");
            }
            foreach (var item in items.Take(max))
            {
                var fragment = Fragment(edition, item);
                html.Append(fragment.Html);
                text.Append(fragment.Text);
            }
            var more = items.Count > max ? $"En nog {items.Count - max} meer: bekijk alle resultaten op de site" : "Bekijk alle resultaten op de site";
            Link(html, searchUrl, more);
            text.Append(more).Append(": ").Append(searchUrl).Append("\r\n\r\n");
        }

        if (subscriber.GeneralDigest)
        {
            // What a saved-search section showed is not repeated in the general part; it says how much of it was above.
            var above = sections.SelectMany(s => s.Items.Take(max)).Select(i => i.ContentItemId).ToHashSet();
            var rest = above.Count == 0 ? general : general.Where(i => !above.Contains(i.ContentItemId)).ToList();
            var items = rest.Count > max ? rest.Take(max).ToList() : rest;
            if (sections.Count > 0)
            {
                var heading = preferences.IsEverything ? "Verder nieuw" : $"Verder nieuw over {choice}";
                Heading(html, heading);
                text.Append("== ").Append(heading).Append(" ==\r\n\r\n");
                var repeated = general.Count - rest.Count;
                var note = general.Count == 0 ? "Deze maand niets nieuws over je onderwerpen."
                    : repeated == 0 ? null
                    : repeated == 1 ? "Eén publicatie hierboven hoort hier ook bij."
                    : $"{repeated} publicaties hierboven horen hier ook bij.";
                if (note is not null)
                {
                    Paragraph(html, note, muted: true);
                    text.Append(note).Append("\r\n\r\n");
                }
            }
            foreach (var item in items)
            {
                var fragment = Fragment(edition, item);
                html.Append(fragment.Html);
                text.Append(fragment.Text);
            }
            if (rest.Count > items.Count)
            {
                Paragraph(html, $"En nog {rest.Count - items.Count} meer: kijk op {links.BaseUrl}.");
                text.Append("En nog ").Append(rest.Count - items.Count).Append(" meer: ").Append(links.BaseUrl).Append("\r\n\r\n");
            }
        }

        Close(html, $"Je krijgt dit overzicht omdat {subscriber.Email} is aangemeld voor de nieuwsbrief van {edition.SiteName}.",
            [(manageUrl, "Voorkeuren en zoekopdrachten aanpassen of gegevens inzien"), (unsubscribeUrl, "Afmelden")]);
        text.Append("-- \r\nJe krijgt dit overzicht omdat ").Append(subscriber.Email).Append(" is aangemeld voor de nieuwsbrief van ").Append(edition.SiteName).Append(".\r\n")
            .Append("Voorkeuren en zoekopdrachten aanpassen of gegevens inzien: ").Append(manageUrl).Append("\r\n")
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
        return new ComposedDigest(message, distinct, NothingSubscribed: !subscriber.GeneralDigest && searches.Count == 0);
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
