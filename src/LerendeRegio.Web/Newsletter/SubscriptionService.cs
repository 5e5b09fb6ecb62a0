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

/// <summary>
/// What following a confirmation link did: the subscription's outcome, the saved searches it switched on, how many it
/// could not switch on because the subscriber already has the maximum, and a preferences token (when the link was valid).
/// </summary>
public sealed record ConfirmResult(ConfirmOutcome Outcome, IReadOnlyList<SavedSearch> Activated, int OverLimit = 0, string? ManageToken = null,
    bool GeneralDigest = true);

/// <summary>What a confirmation link would confirm: shown on the page before the button is pressed.</summary>
public sealed record PendingConfirmation(bool SubscriberPending, bool GeneralDigest, IReadOnlyList<SavedSearch> Searches);

/// <summary>Everything stored about one subscriber: the data export.</summary>
public sealed record SubscriberExport(
    string Email, string Status, DateTime CreatedUtc, DateTime? ConfirmedUtc, DateTime? PreferencesChangedUtc, DateTime? LastFormMailUtc,
    bool GeneralDigest, SubscriberPreferences Preferences, IReadOnlyList<SavedSearchExport> SavedSearches, IReadOnlyList<DeliveryExport> Deliveries);

public sealed record DeliveryExport(string Period, string State, int ItemCount, string? MessageId, DateTime? SentUtc, string? Error);

/// <summary>A saved search in the data export: its name, the words and filters as /zoeken reads them, and its state.</summary>
public sealed record SavedSearchExport(string Name, string Query, IReadOnlyDictionary<string, string[]> Filters, string Description, string Url,
    string Status, DateTime CreatedUtc, DateTime? ActivatedUtc);

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

/// <summary>Subscribing with double opt-in, confirming (also saved searches), preferences, unsubscribing, export and erasure.</summary>
public sealed class SubscriptionService(
    LerendeRegioDbContext db,
    NewsletterChoices choices,
    Vocabularies.VocabularyStore vocabularies,
    Content.ContentDefinitionStore definitions,
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
            // Not yet confirmed: the latest choice counts, and the confirmation applies to it (also when the address was
            // first given only for a saved search: this form asks for the general digest).
            subscriber.Preferences = preferences;
            subscriber.GeneralDigest = true;
            await db.SaveChangesAsync(ct);
        }

        await SendFormMailAsync(subscriber, () => subscriber.Status == SubscriberStatus.Pending
            ? ComposeConfirmationAsync(subscriber, ct)
            : ComposeAlreadySubscribedAsync(subscriber, ct), ct);
        return new(SubscribeOutcome.Accepted);
    }

    /// <summary>
    /// Sends a mail that a form on the site caused, unless this address got one less than
    /// <see cref="NewsletterOptions.MailIntervalMinutes"/> ago (whatever was asked: subscribing or saving a search). The
    /// slot is claimed in the database first, so a concurrent request for the same address (on any node) sends nothing.
    /// </summary>
    internal async Task SendFormMailAsync(Subscriber subscriber, Func<Task<MimeMessage>> compose, CancellationToken ct)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        if (subscriber.LastFormMailUtc is { } last && now - last < TimeSpan.FromMinutes(options.Value.MailIntervalMinutes)) return;
        // Claim the mail slot first (optimistically: a concurrent request for the same address sees it and sends nothing).
        var claimed = await Subscribers.Where(s => s.Id == subscriber.Id && s.LastFormMailUtc == subscriber.LastFormMailUtc)
            .ExecuteUpdateAsync(s => s.SetProperty(x => x.LastFormMailUtc, now), ct);
        if (claimed == 0) return;
        try
        {
            await mail.SendAsync(await compose(), ct);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // Give the slot back, so trying again later works; the answer stays the same.
            logger.LogError(e, "Could not send the newsletter mail an address asked for on the site");
            await Subscribers.Where(s => s.Id == subscriber.Id).ExecuteUpdateAsync(s => s.SetProperty(x => x.LastFormMailUtc, (DateTime?)null), ct);
        }
    }

    /// <summary>
    /// Follows a confirmation link: confirms the subscription if it waits, and switches on the saved searches named in
    /// <paramref name="searchIds"/> (those the page showed before the button was pressed) that still wait for this
    /// address, up to <see cref="NewsletterOptions.MaxSavedSearches"/>.
    /// </summary>
    public async Task<ConfirmResult> ConfirmAsync(string? token, IReadOnlyCollection<long>? searchIds = null, CancellationToken ct = default)
    {
        var resolved = await tokens.ResolveAsync(db, token, TokenPurpose.Confirm, ct);
        if (resolved is not var (subscriber, claim)) return new(ConfirmOutcome.Invalid, []);
        if (claim.Expired)
            return new(subscriber.Status == SubscriberStatus.Confirmed ? ConfirmOutcome.AlreadyConfirmed : ConfirmOutcome.Expired, []);
        var now = clock.GetUtcNow().UtcDateTime;
        var outcome = ConfirmOutcome.AlreadyConfirmed;
        if (subscriber.Status == SubscriberStatus.Pending)
        {
            subscriber.Status = SubscriberStatus.Confirmed;
            subscriber.ConfirmedUtc = now;
            outcome = ConfirmOutcome.Confirmed;
        }
        var ids = searchIds ?? [];
        var waiting = (await WaitingSearchesAsync(subscriber.Id, ct)).Where(s => ids.Contains(s.Id)).ToList();
        var room = options.Value.MaxSavedSearches - await SavedSearches.CountAsync(s => s.SubscriberId == subscriber.Id && s.Status == SavedSearchStatus.Active, ct);
        var activated = waiting.Take(Math.Max(0, room)).ToList();
        foreach (var search in activated)
        {
            search.Status = SavedSearchStatus.Active;
            search.ActivatedUtc = now;
        }
        await db.SaveChangesAsync(ct);
        return new(outcome, activated, waiting.Count - activated.Count, await ManageTokenAsync(subscriber, ct), subscriber.GeneralDigest);
    }

    /// <summary>What a confirmation link would confirm (null for a link that is unknown or expired).</summary>
    public async Task<PendingConfirmation?> PendingConfirmationAsync(string? token, CancellationToken ct = default)
    {
        if (await tokens.ResolveAsync(db, token, TokenPurpose.Confirm, ct) is not var (subscriber, claim) || claim.Expired) return null;
        return new(subscriber.Status == SubscriberStatus.Pending, subscriber.GeneralDigest, await WaitingSearchesAsync(subscriber.Id, ct));
    }

    /// <summary>Saved searches of a subscriber that wait for confirmation and whose confirmation link can still work, oldest first.</summary>
    internal async Task<List<SavedSearch>> WaitingSearchesAsync(long subscriberId, CancellationToken ct)
    {
        var since = clock.GetUtcNow().UtcDateTime.AddHours(-options.Value.ConfirmationHours);
        return await SavedSearches.Where(s => s.SubscriberId == subscriberId && s.Status == SavedSearchStatus.Pending && s.CreatedUtc > since)
            .OrderBy(s => s.CreatedUtc).ThenBy(s => s.Id).ToListAsync(ct);
    }

    private DbSet<SavedSearch> SavedSearches => db.Set<SavedSearch>();

    /// <summary>The words the site uses for vocabularies and types, to name and describe saved searches.</summary>
    internal async Task<SavedSearchVocabulary> SavedSearchVocabularyAsync(CancellationToken ct) =>
        new(await vocabularies.GetAllAsync(ct), await definitions.GetTypesAsync(ct));

    /// <summary>The subscriber behind a preferences link, and whether the link has expired (then only unsubscribing works).</summary>
    public async Task<(Subscriber Subscriber, bool Expired)?> FromManageTokenAsync(string? token, CancellationToken ct = default) =>
        await tokens.ResolveAsync(db, token, TokenPurpose.Manage, ct) is var (subscriber, claim) ? (subscriber, claim.Expired) : null;

    /// <param name="generalDigest">Whether to get the general part of the digest; null leaves it as it is.</param>
    public async Task<(bool Saved, string? Problem)> UpdatePreferencesAsync(Subscriber subscriber, IEnumerable<string>? themes,
        IEnumerable<string>? gemeenten, IEnumerable<string>? types, bool? generalDigest = null, CancellationToken ct = default)
    {
        var (preferences, problem, _) = NewsletterChoices.Validate(await choices.GetAsync(ct), themes, gemeenten, types);
        if (preferences is null) return (false, problem);
        subscriber.Preferences = preferences;
        if (generalDigest is { } general) subscriber.GeneralDigest = general;
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
    /// Erasure: the subscriber, their saved searches and their delivery records go. Nothing about the address stays: a
    /// delivery record only prevents a second digest to someone who still exists, so without the subscriber it has no
    /// purpose left.
    /// </summary>
    public async Task EraseAsync(Subscriber subscriber, CancellationToken ct = default)
    {
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        await db.Set<DigestDelivery>().Where(d => d.SubscriberId == subscriber.Id).ExecuteDeleteAsync(ct);
        await SavedSearches.Where(s => s.SubscriberId == subscriber.Id).ExecuteDeleteAsync(ct);
        await Subscribers.Where(s => s.Id == subscriber.Id).ExecuteDeleteAsync(ct);
        await transaction.CommitAsync(ct);
        db.ChangeTracker.Clear();
    }

    public async Task<SubscriberExport> ExportAsync(Subscriber subscriber, CancellationToken ct = default)
    {
        var deliveries = await db.Set<DigestDelivery>().AsNoTracking().Where(d => d.SubscriberId == subscriber.Id)
            .OrderBy(d => d.Period).ToListAsync(ct);
        var searches = await SavedSearches.AsNoTracking().Where(s => s.SubscriberId == subscriber.Id).OrderBy(s => s.CreatedUtc).ThenBy(s => s.Id).ToListAsync(ct);
        var words = await SavedSearchVocabularyAsync(ct);
        return new(subscriber.Email, subscriber.Status.ToString(), subscriber.CreatedUtc, subscriber.ConfirmedUtc, subscriber.PreferencesChangedUtc,
            subscriber.LastFormMailUtc, subscriber.GeneralDigest, subscriber.Preferences,
            [.. searches.Select(s => new SavedSearchExport(s.Name, s.Text,
                Microsoft.AspNetCore.WebUtilities.QueryHelpers.ParseQuery(s.Filters).ToDictionary(f => f.Key, f => f.Value.OfType<string>().ToArray()),
                words.Describe(s.Criteria), links.Absolute(s.Criteria.SitePath()), s.Status.ToString(), s.CreatedUtc, s.ActivatedUtc))],
            [.. deliveries.Select(d => new DeliveryExport(d.Period, d.State.ToString(), d.ItemCount, d.MessageId, d.SentUtc, d.Error))]);
    }

    public Task<string> ManageTokenAsync(Subscriber subscriber, CancellationToken ct = default) =>
        tokens.CreateAsync(subscriber, TokenPurpose.Manage, TimeSpan.FromDays(options.Value.PreferencesLinkDays), ct);

    /// <summary>
    /// The confirmation mail: for a new address the subscription (and the saved searches waiting with it), for a confirmed
    /// address the saved searches waiting for this address. It lists what the link confirms.
    /// </summary>
    internal async Task<MimeMessage> ComposeConfirmationAsync(Subscriber subscriber, CancellationToken ct)
    {
        var siteName = (await settings.GetAsync(ct)).SiteName;
        var hours = options.Value.ConfirmationHours;
        var confirm = links.Confirm(await tokens.CreateAsync(subscriber, TokenPurpose.Confirm, TimeSpan.FromHours(hours), ct));
        var searches = await WaitingSearchesAsync(subscriber.Id, ct);
        var words = await SavedSearchVocabularyAsync(ct);
        var listed = searches.Select(x => $"‘{x.Name}’: {words.Describe(x.Criteria)}").ToList();
        var pending = subscriber.Status == SubscriberStatus.Pending;
        var forDigest = pending && (subscriber.GeneralDigest || searches.Count == 0);
        var them = searches.Count == 1 ? "deze zoekopdracht" : "deze zoekopdrachten";
        var subject = forDigest ? $"Bevestig je aanmelding voor de nieuwsbrief van {siteName}"
            : searches.Count == 1 ? $"Bevestig je zoekopdracht op {siteName}" : $"Bevestig je zoekopdrachten op {siteName}";
        var opening = forDigest
            ? $"Iemand, waarschijnlijk jij, heeft dit adres aangemeld voor het maandelijkse overzicht van {siteName}."
                + (searches.Count > 0 ? $" Ook wil diegene elke maand de nieuwe resultaten van {them}:" : "")
            : $"Iemand, waarschijnlijk jij, wil op dit adres elke maand de nieuwe resultaten ontvangen van {them} op {siteName}:";
        var ask = forDigest ? "Klik op de knop om je aanmelding te bevestigen. Pas daarna sturen we je de nieuwsbrief."
            : "Klik op de knop om te bevestigen. Pas daarna komen nieuwe resultaten in je maandelijkse nieuwsbrief.";
        var ignore = !pending ? "Heb je dit niet gevraagd? Dan hoef je niets te doen: zonder bevestiging verandert er niets."
            : forDigest ? "Heb je je niet aangemeld? Dan hoef je niets te doen: zonder bevestiging krijg je niets van ons."
            : "Heb je dit niet gevraagd? Dan hoef je niets te doen: zonder bevestiging krijg je niets van ons.";
        var preferences = pending ? null : links.Preferences(await ManageTokenAsync(subscriber, ct));

        var html = new StringBuilder();
        MailLayout.Open(html, subject, forDigest ? "Nog één klik: bevestig je aanmelding voor het maandelijkse overzicht." : "Nog één klik: bevestig je zoekopdracht.", siteName);
        MailLayout.Paragraph(html, opening);
        if (listed.Count > 0) MailLayout.List(html, listed);
        MailLayout.Paragraph(html, ask);
        MailLayout.Button(html, confirm, forDigest ? "Aanmelding bevestigen" : searches.Count == 1 ? "Zoekopdracht bevestigen" : "Zoekopdrachten bevestigen");
        MailLayout.Paragraph(html, $"De link werkt {hours} uur. {ignore}", muted: true);
        MailLayout.Close(html, "Je krijgt deze e-mail omdat dit adres op de site werd ingevuld.",
            preferences is null ? [] : [(preferences, "Voorkeuren en zoekopdrachten beheren")]);
        var text = new StringBuilder();
        text.Append(opening).Append("\r\n");
        foreach (var line in listed) text.Append("- ").Append(line).Append("\r\n");
        text.Append("\r\n").Append(forDigest ? "Bevestig je aanmelding" : "Bevestig").Append(" via deze link (hij werkt ").Append(hours).Append(" uur):\r\n")
            .Append(confirm).Append("\r\n\r\n").Append(ignore).Append("\r\n");
        if (preferences is not null) text.Append("\r\nVoorkeuren en zoekopdrachten beheren: ").Append(preferences).Append("\r\n");
        return mail.Compose(subscriber.Email, subject, html.ToString(), text.ToString());
    }

    /// <summary>
    /// To a confirmed address for which a saved search was asked that changes nothing (already saved, or the maximum
    /// reached): says why, with the preferences link. The page said the same as always.
    /// </summary>
    internal async Task<MimeMessage> ComposeSavedSearchNoticeAsync(Subscriber subscriber, string why, CancellationToken ct)
    {
        var siteName = (await settings.GetAsync(ct)).SiteName;
        var preferences = links.Preferences(await ManageTokenAsync(subscriber, ct));
        var subject = $"Je zoekopdracht op {siteName}";
        var html = new StringBuilder();
        MailLayout.Open(html, subject, why, siteName);
        MailLayout.Paragraph(html, $"Iemand, waarschijnlijk jij, wilde op {siteName} een zoekopdracht bewaren voor dit adres. {why}");
        MailLayout.Paragraph(html, "Je bewaarde zoekopdrachten bekijken, hernoemen of verwijderen kan via de knop.");
        MailLayout.Button(html, preferences, "Mijn voorkeuren en zoekopdrachten");
        MailLayout.Close(html, "Je krijgt deze e-mail omdat dit adres op de site werd ingevuld.", []);
        var text = $"""
            Iemand, waarschijnlijk jij, wilde op {siteName} een zoekopdracht bewaren voor dit adres. {why}

            Je bewaarde zoekopdrachten bekijken, hernoemen of verwijderen:
            {preferences}
            """;
        return mail.Compose(subscriber.Email, subject, html.ToString(), text);
    }

    private async Task<MimeMessage> ComposeAlreadySubscribedAsync(Subscriber subscriber, CancellationToken ct)
    {
        var siteName = (await settings.GetAsync(ct)).SiteName;
        var preferences = links.Preferences(await ManageTokenAsync(subscriber, ct));
        var subject = $"Je bent al aangemeld voor de nieuwsbrief van {siteName}";
        // Someone who subscribed only for saved searches may now want the general overview: that is a choice on the
        // preferences page, never something this form switches on for someone else's address.
        var onlySearches = subscriber.GeneralDigest ? ""
            : " Je krijgt nu alleen de nieuwe resultaten van je bewaarde zoekopdrachten; het algemene overzicht zet je aan bij je voorkeuren.";
        var html = new StringBuilder();
        MailLayout.Open(html, subject, "Je aanmelding staat al. Hier kun je je keuzes aanpassen.", siteName);
        MailLayout.Paragraph(html, $"Dit adres is al aangemeld voor het maandelijkse overzicht van {siteName}; er verandert niets.{onlySearches}");
        MailLayout.Paragraph(html, "Wil je andere onderwerpen, gemeenten of soorten inhoud, of je afmelden? Dat kan via de knop.");
        MailLayout.Button(html, preferences, "Mijn voorkeuren");
        MailLayout.Close(html, "Je krijgt deze e-mail omdat dit adres op de site opnieuw werd ingevuld.", []);
        var text = $"""
            Dit adres is al aangemeld voor het maandelijkse overzicht van {siteName}; er verandert niets.{onlySearches}

            Je voorkeuren aanpassen of je afmelden:
            {preferences}
            """;
        return mail.Compose(subscriber.Email, subject, html.ToString(), text);
    }
}
