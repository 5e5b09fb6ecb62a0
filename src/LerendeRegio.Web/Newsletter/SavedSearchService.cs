using LerendeRegio.Web.Data;
using LerendeRegio.Web.Search;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace LerendeRegio.Web.Newsletter;

public enum SaveSearchOutcome
{
    /// <summary>Saved and active (a signed-in account).</summary>
    Saved,
    /// <summary>The same words and filters were saved before (a signed-in account).</summary>
    AlreadySaved,
    /// <summary>The account's subscriber has the maximum number of saved searches.</summary>
    LimitReached,
    /// <summary>The one answer to someone who gave an address, whatever the address's state: look in your mail.</summary>
    Accepted,
    Invalid,
    TooManyRequests,
}

public sealed record SaveSearchResult(SaveSearchOutcome Outcome, string? Problem = null, string? Field = null, SavedSearch? Search = null,
    string? Email = null, bool GeneralDigest = false, string? ManageToken = null, TimeSpan RetryAfter = default);

/// <summary>A saved search as its owner sees it on the preferences page.</summary>
public sealed record SavedSearchView(long Id, string Name, string Description, string Url, bool Waiting);

/// <summary>
/// Saving searches from /zoeken for the monthly digest, and managing them from the preferences page. Someone signed in
/// (their account's address was verified by the invitation) saves at once; anyone else gives an address and confirms by
/// mail, through the subscribe form's limits: the per-address limit, one mail per address per interval, and the same
/// answer whether the address is known or not.
/// </summary>
public sealed class SavedSearchService(
    LerendeRegioDbContext db,
    SubscriptionService subscriptions,
    SubscribeAddressLimiter addressLimiter,
    NewsletterLinks links,
    IOptions<NewsletterOptions> options,
    TimeProvider clock)
{
    private DbSet<SavedSearch> SavedSearches => db.Set<SavedSearch>();

    private int Max => options.Value.MaxSavedSearches;

    /// <summary>
    /// Reads the save form: <paramref name="queryString"/> is the search as /zoeken's query string, <paramref name="name"/>
    /// what the visitor called it (empty: the default name). A Dutch problem and the field it concerns on failure.
    /// </summary>
    public async Task<(SavedSearchCriteria? Criteria, string Name, string? Problem, string? Field)> ReadAsync(string? queryString, string? name, CancellationToken ct = default)
    {
        SavedSearchCriteria criteria;
        try
        {
            criteria = SavedSearchCriteria.FromQueryString(queryString);
        }
        catch (SearchInputException e)
        {
            return (null, "", e.Message, "zoekopdracht");
        }
        var words = await subscriptions.SavedSearchVocabularyAsync(ct);
        if (words.Problem(criteria) is { } problem) return (null, "", problem, "zoekopdracht");
        var (cleaned, nameProblem) = CleanName(name);
        if (nameProblem is not null) return (criteria, name ?? "", nameProblem, "naam");
        return (criteria, cleaned.Length > 0 ? cleaned : words.DefaultName(criteria), null, null);
    }

    /// <summary>The name the save form suggests, and what the search searches, in words; null when it cannot be saved.</summary>
    public async Task<(string Name, string Description)?> SuggestAsync(SavedSearchCriteria criteria, CancellationToken ct = default)
    {
        var words = await subscriptions.SavedSearchVocabularyAsync(ct);
        return words.Problem(criteria) is null ? (words.DefaultName(criteria), words.Describe(criteria)) : null;
    }

    /// <summary>
    /// Saves for a signed-in account, at once: to the subscriber of the account's address, made (confirmed) when there is
    /// none, with the general digest off; an existing subscriber keeps its choices (one waiting for confirmation is
    /// confirmed: the address is the account's, which its invitation verified).
    /// </summary>
    public async Task<SaveSearchResult> SaveForAccountAsync(string? accountEmail, SavedSearchCriteria criteria, string name, CancellationToken ct = default)
    {
        var address = SubscriptionService.NormalizeEmail(accountEmail);
        if (address is null) return new(SaveSearchOutcome.Invalid, "Je account heeft geen bruikbaar e-mailadres; vul hieronder een adres in.", "email");
        var now = clock.GetUtcNow().UtcDateTime;
        var subscriber = await FindOrCreateAsync(address, SubscriberStatus.Confirmed, ct);
        if (subscriber.Status == SubscriberStatus.Pending)
        {
            subscriber.Status = SubscriberStatus.Confirmed;
            subscriber.ConfirmedUtc = now;
        }
        var existing = await SavedSearches.Where(s => s.SubscriberId == subscriber.Id).ToListAsync(ct);
        var same = existing.FirstOrDefault(s => s.Criteria.Key == criteria.Key);
        SaveSearchOutcome outcome;
        if (same is { Status: SavedSearchStatus.Active })
        {
            outcome = SaveSearchOutcome.AlreadySaved;
        }
        else if (existing.Count(s => s.Status == SavedSearchStatus.Active) >= Max)
        {
            outcome = SaveSearchOutcome.LimitReached;
        }
        else
        {
            if (same is null)
            {
                same = new SavedSearch { SubscriberId = subscriber.Id, Name = name, Text = criteria.Text, Filters = criteria.Filters, CreatedUtc = now };
                SavedSearches.Add(same);
            }
            same.Name = name;
            same.Status = SavedSearchStatus.Active;
            same.ActivatedUtc = now;
            outcome = SaveSearchOutcome.Saved;
        }
        await db.SaveChangesAsync(ct);
        return new(outcome, outcome == SaveSearchOutcome.LimitReached ? LimitMessage : null, Search: same, Email: subscriber.Email,
            GeneralDigest: subscriber.GeneralDigest, ManageToken: await subscriptions.ManageTokenAsync(subscriber, ct));
    }

    /// <summary>
    /// Saves for someone who gave an address: the search waits for the link in a confirmation mail (which also confirms
    /// a new subscription; a new subscriber gets only their saved searches, not the general digest). The answer is always
    /// <see cref="SaveSearchOutcome.Accepted"/> for a valid request; what differs is the mail, at most one per address per
    /// <see cref="NewsletterOptions.MailIntervalMinutes"/>: a confirmation link, or for a confirmed address whose search
    /// changes nothing (already saved, or the maximum reached) a note with its preferences link.
    /// </summary>
    public async Task<SaveSearchResult> SaveAnonymouslyAsync(string? email, SavedSearchCriteria criteria, string name, CancellationToken ct = default)
    {
        var address = SubscriptionService.NormalizeEmail(email);
        if (address is null) return new(SaveSearchOutcome.Invalid, "Vul een geldig e-mailadres in, zoals naam@voorbeeld.nl.", "email");
        if (addressLimiter.TryAcquire(address) is { } wait) return new(SaveSearchOutcome.TooManyRequests, RetryAfter: wait);

        var now = clock.GetUtcNow().UtcDateTime;
        var subscriber = await FindOrCreateAsync(address, SubscriberStatus.Pending, ct);
        var expired = now.AddHours(-options.Value.ConfirmationHours);
        await SavedSearches.Where(s => s.SubscriberId == subscriber.Id && s.Status == SavedSearchStatus.Pending && s.CreatedUtc <= expired).ExecuteDeleteAsync(ct);
        var existing = await SavedSearches.Where(s => s.SubscriberId == subscriber.Id).ToListAsync(ct);
        var same = existing.FirstOrDefault(s => s.Criteria.Key == criteria.Key);
        string? notice = null;
        if (same is { Status: SavedSearchStatus.Active })
        {
            notice = $"Deze zoekopdracht had je al bewaard, als ‘{same.Name}’; er verandert niets.";
        }
        else if (same is not null)
        {
            // Asked again while waiting: the latest name counts, and the new link works as long as a new one would.
            same.Name = name;
            same.CreatedUtc = now;
        }
        else if (existing.Count(s => s.Status == SavedSearchStatus.Active) >= Max)
        {
            notice = LimitMessage;
        }
        else
        {
            // Whoever types this address cannot crowd out what its owner asks for: the newest waiting searches are kept.
            var waiting = existing.Where(s => s.Status == SavedSearchStatus.Pending).OrderBy(s => s.CreatedUtc).ThenBy(s => s.Id).ToList();
            SavedSearches.RemoveRange(waiting.Take(Math.Max(0, waiting.Count - (Max - 1))));
            SavedSearches.Add(new SavedSearch
            {
                SubscriberId = subscriber.Id, Name = name, Text = criteria.Text, Filters = criteria.Filters, Status = SavedSearchStatus.Pending, CreatedUtc = now,
            });
        }
        await db.SaveChangesAsync(ct);
        await subscriptions.SendFormMailAsync(subscriber, () => notice is null || subscriber.Status == SubscriberStatus.Pending
            ? subscriptions.ComposeConfirmationAsync(subscriber, ct)
            : subscriptions.ComposeSavedSearchNoticeAsync(subscriber, notice, ct), ct);
        return new(SaveSearchOutcome.Accepted);
    }

    private string LimitMessage => $"Je hebt al het maximum van {Max} bewaarde zoekopdrachten; er is niets toegevoegd. Verwijder eerst een zoekopdracht bij je voorkeuren.";

    /// <summary>A subscriber's saved searches, oldest first; waiting ones only while their confirmation link can still work.</summary>
    public async Task<IReadOnlyList<SavedSearchView>> ListAsync(Subscriber subscriber, CancellationToken ct = default)
    {
        var expired = clock.GetUtcNow().UtcDateTime.AddHours(-options.Value.ConfirmationHours);
        var searches = await SavedSearches.AsNoTracking()
            .Where(s => s.SubscriberId == subscriber.Id && (s.Status == SavedSearchStatus.Active || s.CreatedUtc > expired))
            .OrderBy(s => s.CreatedUtc).ThenBy(s => s.Id).ToListAsync(ct);
        var words = await subscriptions.SavedSearchVocabularyAsync(ct);
        return [.. searches.Select(s => new SavedSearchView(s.Id, s.Name, Describe(words, s.Criteria), s.Criteria.SitePath(), s.Status == SavedSearchStatus.Pending))];
    }

    /// <summary>Active saved searches of the subscribers in an id range (a digest batch), per subscriber, oldest first.</summary>
    public static async Task<ILookup<long, SavedSearch>> ActiveForRangeAsync(LerendeRegioDbContext db, long fromId, long toId, CancellationToken ct)
    {
        var searches = await db.Set<SavedSearch>().AsNoTracking()
            .Where(s => s.SubscriberId >= fromId && s.SubscriberId <= toId && s.Status == SavedSearchStatus.Active)
            .OrderBy(s => s.CreatedUtc).ThenBy(s => s.Id).ToListAsync(ct);
        return searches.ToLookup(s => s.SubscriberId);
    }

    /// <summary>Deletes one of the subscriber's own saved searches; false when it is not theirs (or already gone).</summary>
    public async Task<bool> DeleteAsync(Subscriber subscriber, long id, CancellationToken ct = default) =>
        await SavedSearches.Where(s => s.Id == id && s.SubscriberId == subscriber.Id).ExecuteDeleteAsync(ct) > 0;

    /// <summary>Renames one of the subscriber's own saved searches; a Dutch problem, or null when done.</summary>
    public async Task<string?> RenameAsync(Subscriber subscriber, long id, string? name, CancellationToken ct = default)
    {
        var (cleaned, problem) = CleanName(name);
        if (problem is not null) return problem;
        if (cleaned.Length == 0) return "Vul een naam in.";
        var renamed = await SavedSearches.Where(s => s.Id == id && s.SubscriberId == subscriber.Id)
            .ExecuteUpdateAsync(s => s.SetProperty(x => x.Name, cleaned), ct);
        return renamed > 0 ? null : "Deze zoekopdracht bestaat niet (meer).";
    }

    /// <summary>The site's absolute address of a saved search, newest first (for the digest).</summary>
    public string AbsoluteUrl(SavedSearchCriteria criteria) => links.Absolute(criteria.SitePath(newestFirst: true));

    private static string Describe(SavedSearchVocabulary words, SavedSearchCriteria criteria)
    {
        try
        {
            return words.Describe(criteria);
        }
        catch (SearchInputException)
        {
            return criteria.Text;
        }
    }

    private static (string Name, string? Problem) CleanName(string? name)
    {
        var cleaned = string.Join(' ', (name ?? "").Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));
        cleaned = new string([.. cleaned.Where(c => !char.IsControl(c))]);
        return cleaned.Length > SavedSearch.MaxNameLength
            ? (cleaned, $"Houd de naam bij hoogstens {SavedSearch.MaxNameLength} tekens (nu {cleaned.Length}).")
            : (cleaned, null);
    }

    private async Task<Subscriber> FindOrCreateAsync(string address, SubscriberStatus status, CancellationToken ct)
    {
        var subscriber = await db.Set<Subscriber>().FirstOrDefaultAsync(s => s.Email == address, ct);
        if (subscriber is not null) return subscriber;
        var now = clock.GetUtcNow().UtcDateTime;
        subscriber = new Subscriber
        {
            Email = address, Status = status, CreatedUtc = now, ConfirmedUtc = status == SubscriberStatus.Confirmed ? now : null,
            Preferences = SubscriberPreferences.Everything, GeneralDigest = false,
        };
        db.Add(subscriber);
        try
        {
            await db.SaveChangesAsync(ct);
            return subscriber;
        }
        catch (DbUpdateException)
        {
            // The same address arrived twice at once: use the row the other request made.
            db.ChangeTracker.Clear();
            return await db.Set<Subscriber>().FirstAsync(s => s.Email == address, ct);
        }
    }
}
