using System.Security.Claims;
using LerendeRegio.Web.Mail;
using Microsoft.Extensions.Options;
using MimeKit;

namespace LerendeRegio.Web.Newsletter;

public sealed record PreviewResult(string? Problem, DigestPeriod Period, SubscriberPreferences Preferences, string? Subject = null,
    string? Html = null, string? Text = null, int ItemCount = 0, MimeMessage? Message = null);

/// <summary>
/// A digest as a sample subscriber would get it, for editors: any period and any preferences. The sample subscriber is
/// the signed-in editor (their address appears in the footer, and "stuur mij een test" sends it to them); links in the
/// footer of a preview lead nowhere, as the sample has no subscription.
/// </summary>
public sealed class NewsletterPreview(DigestEditions editions, DigestComposer composer, NewsletterChoices choices, MailSender mail,
    IOptions<NewsletterOptions> options, TimeProvider clock)
{
    public DigestPeriod DefaultPeriod => DigestPeriod.Previous(clock.GetUtcNow().UtcDateTime, options.Value.Zone);

    public async Task<PreviewResult> BuildAsync(string? period, IEnumerable<string?> themes, IEnumerable<string?> gemeenten, IEnumerable<string?> types,
        ClaimsPrincipal user, CancellationToken ct = default)
    {
        var parsed = DefaultPeriod;
        if (!string.IsNullOrWhiteSpace(period) && !DigestPeriod.TryParse(period, out parsed))
            return new PreviewResult($"'{period}' is geen maand. Schrijf jaar en maand als 2026-10.", DefaultPeriod, SubscriberPreferences.Everything);
        var (preferences, problem, _) = NewsletterChoices.Validate(await choices.GetAsync(ct), themes.OfType<string>(), gemeenten.OfType<string>(), types.OfType<string>());
        if (preferences is null) return new PreviewResult(problem, parsed, SubscriberPreferences.Everything);
        var sample = new Subscriber { Id = 0, Email = EditorAddress(user) ?? "voorbeeld@lerenderegio.test", Status = SubscriberStatus.Confirmed, Preferences = preferences };
        var edition = await editions.LoadAsync(parsed, ct);
        var digest = await composer.ComposeAsync(edition, sample, ct: ct);
        return new PreviewResult(null, parsed, preferences, digest.Message.Subject, digest.Message.HtmlBody, digest.Message.TextBody, digest.ItemCount, digest.Message);
    }

    /// <summary>Sends the preview to the signed-in editor, marked as a test; not recorded as a delivery.</summary>
    public async Task<string?> SendTestAsync(string? period, IEnumerable<string?> themes, IEnumerable<string?> gemeenten, IEnumerable<string?> types,
        ClaimsPrincipal user, CancellationToken ct = default)
    {
        if (EditorAddress(user) is null) return "Je account heeft geen e-mailadres; de test kan nergens heen.";
        var preview = await BuildAsync(period, themes, gemeenten, types, user, ct);
        if (preview.Problem is not null) return preview.Problem;
        var message = preview.Message!;
        message.Subject = "[TEST] " + message.Subject;
        // A fresh id: a test must not look like the real digest of the period to the receiving server.
        message.MessageId = MimeKit.Utils.MimeUtils.GenerateMessageId(mail.From.Domain is { Length: > 0 } d ? d : "lerenderegio.local");
        await mail.SendAsync(message, ct);
        return null;
    }

    private static string? EditorAddress(ClaimsPrincipal user)
    {
        var value = user.FindFirstValue(ClaimTypes.Email) ?? user.Identity?.Name;
        return SubscriptionService.NormalizeEmail(value);
    }
}
