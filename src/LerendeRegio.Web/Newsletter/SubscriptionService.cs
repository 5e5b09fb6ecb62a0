using System.Security.Cryptography;
using System.Text;
using System.Threading.RateLimiting;
using LerendeRegio.Web.Data;
using LerendeRegio.Web.Mail;
using LerendeRegio.Web.Site;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using MimeKit;

namespace LerendeRegio.Web.Newsletter;

public enum SubscribeOutcome
{
    /// <summary>The same answer whether the address was new, pending or confirmed.</summary>
    Accepted,
    Invalid,
    TooManyRequests,
}

public sealed record SubscribeResult(SubscribeOutcome Outcome, string? Problem = null, string? Field = null, TimeSpan RetryAfter = default);

public enum ConfirmOutcome
{
    Confirmed,
    AlreadyConfirmed,
    Expired,
    Invalid,
}

/// <summary>Everything stored about one subscriber: the data export.</summary>
public sealed record SubscriberExport(
    string Email, string Status, DateTime CreatedUtc, DateTime? ConfirmedUtc, DateTime? PreferencesChangedUtc, DateTime? LastFormMailUtc,
    SubscriberPreferences Preferences, IReadOnlyList<DeliveryExport> Deliveries);

public sealed record DeliveryExport(string Period, string State, int ItemCount, string? MessageId, DateTime? SentUtc, string? Error);

/// <summary>
/// Per-address limit of the subscribe form, counted per node for every request naming the address (known or not, so
/// the answer says nothing about the address). Across nodes the mail itself is guarded by
/// <see cref="Subscriber.LastFormMailUtc"/> in the database.
/// </summary>
public sealed class SubscribeAddressLimiter : IDisposable
{
    private readonly PartitionedRateLimiter<string> _limiter;

    public SubscribeAddressLimiter(IOptions<NewsletterOptions> options)
    {
        var permits = options.Value.RequestsPerHourPerAddress;
        _limiter = PartitionedRateLimiter.Create<string, string>(key => RateLimitPartition.GetFixedWindowLimiter(key,
            _ => new FixedWindowRateLimiterOptions { PermitLimit = permits, Window = TimeSpan.FromHours(1), QueueLimit = 0 }));
    }

    /// <summary>Null when the request may go on; otherwise how long to wait.</summary>
    public TimeSpan? TryAcquire(string normalizedEmail)
    {
        // Keyed by a hash: the limiter's memory holds no addresses.
        using var lease = _limiter.AttemptAcquire(Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(normalizedEmail))));
        if (lease.IsAcquired) return null;
        return lease.TryGetMetadata(MetadataName.RetryAfter, out var retryAfter) ? retryAfter : TimeSpan.FromHours(1);
    }

    public void Dispose() => _limiter.Dispose();
}

/// <summary>Subscribing with double opt-in, confirming, preferences, unsubscribing, export and erasure.</summary>
public sealed class SubscriptionService(
    LerendeRegioDbContext db,
    NewsletterChoices choices,
    NewsletterTokens tokens,
    NewsletterLinks links,
    MailSender mail,
    SiteSettingsStore settings,
    SubscribeAddressLimiter addressLimiter,
    IOptions<NewsletterOptions> options,
    TimeProvider clock,
    ILogger<SubscriptionService> logger)
{
    public const int MaxEmailLength = 254;

    private DbSet<Subscriber> Subscribers => db.Set<Subscriber>();

    public static string? NormalizeEmail(string? email)
    {
        var trimmed = email?.Trim().ToLowerInvariant();
        if (string.IsNullOrEmpty(trimmed) || trimmed.Length > MaxEmailLength) return null;
        // One plain address: no display name, no group, no route; a dot in the domain.
        if (!MailboxAddress.TryParse(trimmed, out var mailbox) || mailbox.Address != trimmed || !trimmed.Contains('@')
            || !trimmed[(trimmed.LastIndexOf('@') + 1)..].Contains('.') || trimmed.Any(char.IsWhiteSpace))
        {
            return null;
        }
        return trimmed;
    }

    /// <summary>
    /// Starts a subscription. The answer is the same whether the address is new, waiting for confirmation or already
    /// confirmed; what differs is only which mail follows (a confirmation link, or for a confirmed address a link to its
    /// preferences: a stranger cannot change someone's choices from the form). At most one mail per address per
    /// <see cref="NewsletterOptions.MailIntervalMinutes"/>.
    /// </summary>
    public async Task<SubscribeResult> SubscribeAsync(string? email, IEnumerable<string>? themes, IEnumerable<string>? gemeenten,
        IEnumerable<string>? types, CancellationToken ct = default)
    {
        var address = NormalizeEmail(email);
        if (address is null)
            return new(SubscribeOutcome.Invalid, "Vul een geldig e-mailadres in, zoals naam@voorbeeld.nl.", "email");
        var (preferences, problem, field) = NewsletterChoices.Validate(await choices.GetAsync(ct), themes, gemeenten, types);
        if (preferences is null) return new(SubscribeOutcome.Invalid, problem, field);
        if (addressLimiter.TryAcquire(address) is { } wait) return new(SubscribeOutcome.TooManyRequests, RetryAfter: wait);

        var now = clock.GetUtcNow().UtcDateTime;
        var subscriber = await Subscribers.FirstOrDefaultAsync(s => s.Email == address, ct);
        if (subscriber is null)
        {
            subscriber = new Subscriber { Email = address, Status = SubscriberStatus.Pending, CreatedUtc = now, Preferences = preferences };
            Subscribers.Add(subscriber);
            try
            {
                await db.SaveChangesAsync(ct);
            }
            catch (DbUpdateException)
            {
                // The same address arrived twice at once: the other request made the row and sends the mail.
                return new(SubscribeOutcome.Accepted);
            }
        }
        else if (subscriber.Status == SubscriberStatus.Pending)
        {
            // Not yet confirmed: the latest choice counts, and the confirmation applies to it.
            subscriber.Preferences = preferences;
            await db.SaveChangesAsync(ct);
        }

        if (subscriber.LastFormMailUtc is { } last && now - last < TimeSpan.FromMinutes(options.Value.MailIntervalMinutes))
            return new(SubscribeOutcome.Accepted);
        // Claim the mail slot first (optimistically: a concurrent request for the same address sees it and sends nothing).
        var claimed = await Subscribers.Where(s => s.Id == subscriber.Id && s.LastFormMailUtc == subscriber.LastFormMailUtc)
            .ExecuteUpdateAsync(s => s.SetProperty(x => x.LastFormMailUtc, now), ct);
        if (claimed == 0) return new(SubscribeOutcome.Accepted);
        try
        {
            await mail.SendAsync(subscriber.Status == SubscriberStatus.Pending
                ? await ComposeConfirmationAsync(subscriber, ct)
                : await ComposeAlreadySubscribedAsync(subscriber, ct), ct);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // Give the slot back, so trying again later works; the answer stays the same.
            logger.LogError(e, "Could not send the newsletter subscription mail");
            await Subscribers.Where(s => s.Id == subscriber.Id).ExecuteUpdateAsync(s => s.SetProperty(x => x.LastFormMailUtc, (DateTime?)null), ct);
        }
        return new(SubscribeOutcome.Accepted);
    }

    public async Task<ConfirmOutcome> ConfirmAsync(string? token, CancellationToken ct = default)
    {
        var resolved = await tokens.ResolveAsync(db, token, TokenPurpose.Confirm, ct);
        if (resolved is not var (subscriber, claim)) return ConfirmOutcome.Invalid;
        if (subscriber.Status == SubscriberStatus.Confirmed) return ConfirmOutcome.AlreadyConfirmed;
        if (claim.Expired) return ConfirmOutcome.Expired;
        subscriber.Status = SubscriberStatus.Confirmed;
        subscriber.ConfirmedUtc = clock.GetUtcNow().UtcDateTime;
        await db.SaveChangesAsync(ct);
        return ConfirmOutcome.Confirmed;
    }

    /// <summary>The subscriber behind a preferences link, and whether the link has expired (then only unsubscribing works).</summary>
    public async Task<(Subscriber Subscriber, bool Expired)?> FromManageTokenAsync(string? token, CancellationToken ct = default) =>
        await tokens.ResolveAsync(db, token, TokenPurpose.Manage, ct) is var (subscriber, claim) ? (subscriber, claim.Expired) : null;

    public async Task<(bool Saved, string? Problem)> UpdatePreferencesAsync(Subscriber subscriber, IEnumerable<string>? themes,
        IEnumerable<string>? gemeenten, IEnumerable<string>? types, CancellationToken ct = default)
    {
        var (preferences, problem, _) = NewsletterChoices.Validate(await choices.GetAsync(ct), themes, gemeenten, types);
        if (preferences is null) return (false, problem);
        subscriber.Preferences = preferences;
        subscriber.PreferencesChangedUtc = clock.GetUtcNow().UtcDateTime;
        await db.SaveChangesAsync(ct);
        return (true, null);
    }

    /// <summary>
    /// Unsubscribes whoever the token was made for, also when it has expired or was used before (RFC 8058 one-click
    /// and the visible link): the token identifies the address, and leaving must never fail. Idempotent: an address that
    /// is already gone is simply gone. Unsubscribing deletes the row, the same as an erasure.
    /// </summary>
    public async Task UnsubscribeAsync(string? token, CancellationToken ct = default)
    {
        if (await tokens.ResolveAsync(db, token, TokenPurpose.Manage, ct) is var (subscriber, _)) await EraseAsync(subscriber, ct);
    }

    /// <summary>
    /// Erasure: the subscriber and their delivery records go. Nothing about the address stays: a delivery record only
    /// prevents a second digest to someone who still exists, so without the subscriber it has no purpose left.
    /// </summary>
    public async Task EraseAsync(Subscriber subscriber, CancellationToken ct = default)
    {
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        await db.Set<DigestDelivery>().Where(d => d.SubscriberId == subscriber.Id).ExecuteDeleteAsync(ct);
        await Subscribers.Where(s => s.Id == subscriber.Id).ExecuteDeleteAsync(ct);
        await transaction.CommitAsync(ct);
        db.ChangeTracker.Clear();
    }

    public async Task<SubscriberExport> ExportAsync(Subscriber subscriber, CancellationToken ct = default)
    {
        var deliveries = await db.Set<DigestDelivery>().AsNoTracking().Where(d => d.SubscriberId == subscriber.Id)
            .OrderBy(d => d.Period).ToListAsync(ct);
        return new(subscriber.Email, subscriber.Status.ToString(), subscriber.CreatedUtc, subscriber.ConfirmedUtc, subscriber.PreferencesChangedUtc,
            subscriber.LastFormMailUtc, subscriber.Preferences,
            [.. deliveries.Select(d => new DeliveryExport(d.Period, d.State.ToString(), d.ItemCount, d.MessageId, d.SentUtc, d.Error))]);
    }

    public Task<string> ManageTokenAsync(Subscriber subscriber, CancellationToken ct = default) =>
        tokens.CreateAsync(subscriber, TokenPurpose.Manage, TimeSpan.FromDays(options.Value.PreferencesLinkDays), ct);

    private async Task<MimeMessage> ComposeConfirmationAsync(Subscriber subscriber, CancellationToken ct)
    {
        var siteName = (await settings.GetAsync(ct)).SiteName;
        var hours = options.Value.ConfirmationHours;
        var confirm = links.Confirm(await tokens.CreateAsync(subscriber, TokenPurpose.Confirm, TimeSpan.FromHours(hours), ct));
        var subject = $"Bevestig je aanmelding voor de nieuwsbrief van {siteName}";
        var html = new StringBuilder();
        MailLayout.Open(html, subject, "Nog één klik: bevestig je aanmelding voor het maandelijkse overzicht.", siteName);
        MailLayout.Paragraph(html, $"Iemand, waarschijnlijk jij, heeft dit adres aangemeld voor het maandelijkse overzicht van {siteName}.");
        MailLayout.Paragraph(html, "Klik op de knop om je aanmelding te bevestigen. Pas daarna sturen we je de nieuwsbrief.");
        MailLayout.Button(html, confirm, "Aanmelding bevestigen");
        MailLayout.Paragraph(html, $"De link werkt {hours} uur. Heb je je niet aangemeld? Dan hoef je niets te doen: zonder bevestiging krijg je niets van ons.", muted: true);
        MailLayout.Close(html, "Je krijgt deze e-mail omdat dit adres op de site werd ingevuld.", []);
        var text = $"""
            Iemand, waarschijnlijk jij, heeft dit adres aangemeld voor het maandelijkse overzicht van {siteName}.

            Bevestig je aanmelding via deze link (hij werkt {hours} uur):
            {confirm}

            Heb je je niet aangemeld? Dan hoef je niets te doen: zonder bevestiging krijg je niets van ons.
            """;
        return mail.Compose(subscriber.Email, subject, html.ToString(), text);
    }

    private async Task<MimeMessage> ComposeAlreadySubscribedAsync(Subscriber subscriber, CancellationToken ct)
    {
        var siteName = (await settings.GetAsync(ct)).SiteName;
        var preferences = links.Preferences(await ManageTokenAsync(subscriber, ct));
        var subject = $"Je bent al aangemeld voor de nieuwsbrief van {siteName}";
        var html = new StringBuilder();
        MailLayout.Open(html, subject, "Je aanmelding staat al. Hier kun je je keuzes aanpassen.", siteName);
        MailLayout.Paragraph(html, $"Dit adres is al aangemeld voor het maandelijkse overzicht van {siteName}; er verandert niets.");
        MailLayout.Paragraph(html, "Wil je andere onderwerpen, gemeenten of soorten inhoud, of je afmelden? Dat kan via de knop.");
        MailLayout.Button(html, preferences, "Mijn voorkeuren");
        MailLayout.Close(html, "Je krijgt deze e-mail omdat dit adres op de site opnieuw werd ingevuld.", []);
        var text = $"""
            Dit adres is al aangemeld voor het maandelijkse overzicht van {siteName}; er verandert niets.

            Je voorkeuren aanpassen of je afmelden:
            {preferences}
            """;
        return mail.Compose(subscriber.Email, subject, html.ToString(), text);
    }
}
