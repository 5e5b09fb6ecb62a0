using System.Security.Cryptography;
using Hangfire;
using LerendeRegio.Web.Content;
using LerendeRegio.Web.Data;
using LerendeRegio.Web.Mail;
using LerendeRegio.Web.Site;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.OutputCaching;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Caching.Memory;
using static LerendeRegio.Web.Mail.ActionMail;

namespace LerendeRegio.Web.Upkeep;

/// <summary>An item that needs an editor's look, and why.</summary>
public sealed record StaleItem(string ContentItemId, string ContentType, string Title, DateTime PublishedUtc, DateTime? LastConfirmedUtc, string Reason);

/// <summary>
/// Keeps published knowledge alive: 6 and 12 months after publication the owner is asked whether the item is still
/// current and whether it was applied elsewhere; the answers are kept ("laatst bevestigd"), and items that nobody
/// confirmed for a year, or whose owner says they are out of date, are listed for editors.
/// </summary>
public sealed class UpkeepService(
    LerendeRegioDbContext db,
    UserManager<IdentityUser> users,
    IMailTransport transport,
    MailSender mail,
    MailLinks links,
    IDataProtectionProvider protection,
    IMemoryCache cache,
    IOutputCacheStore pageCache,
    TimeProvider clock,
    ILogger<UpkeepService> logger)
{
    public static readonly int[] Milestones = [6, 12];
    public const int MaxAppliedElsewhere = 2000;
    public static readonly TimeSpan LinkLifetime = TimeSpan.FromDays(60);
    public const string ConfirmPath = "/actueel";

    private ITimeLimitedDataProtector Protector => protection.CreateProtector("LerendeRegio.Upkeep.v1").ToTimeLimitedDataProtector();

    /// <summary>
    /// Sends the reminders that are due at <paramref name="nowUtc"/>: for each published item with an owner, the highest
    /// milestone it reached, unless that (or a later) one was asked already. Returns how many were sent.
    /// </summary>
    public async Task<int> SendDueRemindersAsync(DateTime nowUtc, CancellationToken ct = default)
    {
        var firstDue = nowUtc.AddMonths(-Milestones[0]);
        var candidates = await db.ContentItems.AsNoTracking()
            .Where(v => v.Published && v.Owner != null && v.PublishedUtc != null && v.PublishedUtc <= firstDue)
            .Select(v => new { v.ContentItemId, v.DisplayText, v.ContentType, v.Owner, v.PublishedUtc })
            .ToListAsync(ct);
        var asked = (await db.Set<UpkeepReminder>().AsNoTracking().Select(r => new { r.ContentItemId, r.Milestone, r.SentUtc }).ToListAsync(ct))
            .ToLookup(r => r.ContentItemId);
        var sent = 0;
        // One connection for the whole run, opened only when there is something to send.
        IMailBatch? batch = null;
        try
        {
            foreach (var item in candidates)
            {
                var milestone = Milestones.Last(m => item.PublishedUtc!.Value <= nowUtc.AddMonths(-m));
                // A row without SentUtc is a reminder whose mail may not have gone out (a crash in between): try it again.
                if (asked[item.ContentItemId].Any(r => r.Milestone >= milestone && r.SentUtc is not null)) continue;
                var owner = await users.FindByIdAsync(item.Owner!);
                if (owner?.Email is null || await users.IsLockedOutAsync(owner)) continue;
                var reminder = await db.Set<UpkeepReminder>().FirstOrDefaultAsync(r => r.ContentItemId == item.ContentItemId && r.Milestone == milestone, ct);
                if (reminder is null)
                {
                    reminder = new UpkeepReminder { ContentItemId = item.ContentItemId, Milestone = milestone, Recipient = owner.Email, CreatedUtc = nowUtc };
                    db.Add(reminder);
                    try
                    {
                        await db.SaveChangesAsync(ct);
                    }
                    catch (DbUpdateException)
                    {
                        // Another node wrote the same (item, milestone) first: it sends this one.
                        db.ChangeTracker.Clear();
                        continue;
                    }
                }
                batch ??= await transport.OpenBatchAsync(ct);
                await batch.SendAsync(Compose(owner.Email, item.DisplayText, item.ContentItemId, milestone, item.PublishedUtc!.Value), ct);
                reminder.SentUtc = clock.GetUtcNow().UtcDateTime;
                await db.SaveChangesAsync(ct);
                sent++;
            }
        }
        finally
        {
            if (batch is not null) await batch.DisposeAsync();
        }
        if (sent > 0) logger.LogInformation("Sent {Count} upkeep reminders", sent);
        return sent;
    }

    private MimeKit.MimeMessage Compose(string to, string title, string contentItemId, int milestone, DateTime publishedUtc)
    {
        var link = links.Absolute($"{ConfirmPath}/{CreateToken(contentItemId, milestone)}");
        var published = publishedUtc.ToString("d MMMM yyyy", System.Globalization.CultureInfo.GetCultureInfo("nl-NL"));
        var subject = $"Klopt '{title}' nog?";
        var text = $"""
            Klopt '{title}' nog?

            Je deelde '{title}' op {published} op LerendeRegio, nu {milestone} maanden geleden. Professionals in de regio lezen het nog steeds.
            Wil je in één minuut laten weten of het nog actueel is, en of het ergens anders is toegepast? Dat kan via deze link (60 dagen geldig, geen wachtwoord nodig):
            {link}

            Is het niet meer actueel, dan kijkt de redactie met je mee.
            """;
        var html = Html(subject,
            $"<p>Je deelde <strong>{E(title)}</strong> op {E(published)} op LerendeRegio, nu {milestone} maanden geleden. Professionals in de regio lezen het nog steeds.</p>"
            + "<p>Wil je in één minuut laten weten of het nog actueel is, en of het ergens anders is toegepast?</p>",
            link, "Ja, ik laat het weten",
            "<p>De link is 60 dagen geldig en je hebt geen wachtwoord nodig. Is het niet meer actueel, dan kijkt de redactie met je mee.</p>");
        return mail.Compose(to, subject, html, text);
    }

    public string CreateToken(string contentItemId, int milestone) => Protector.Protect($"{contentItemId}|{milestone}", LinkLifetime);

    /// <summary>The item a link is about, or null when the link is damaged, expired or from another site.</summary>
    public string? ReadToken(string token)
    {
        try
        {
            var value = Protector.Unprotect(token, out _);
            var bar = value.IndexOf('|', StringComparison.Ordinal);
            return bar > 0 ? value[..bar] : null;
        }
        catch (CryptographicException)
        {
            return null;
        }
    }

    public async Task RecordAnswerAsync(string contentItemId, bool stillCurrent, string? appliedElsewhere, string? answeredBy, CancellationToken ct = default)
    {
        appliedElsewhere = string.IsNullOrWhiteSpace(appliedElsewhere) ? null : appliedElsewhere.Trim();
        db.Add(new UpkeepAnswer
        {
            ContentItemId = contentItemId,
            AnsweredUtc = clock.GetUtcNow().UtcDateTime,
            StillCurrent = stillCurrent,
            AppliedElsewhere = appliedElsewhere,
            AnsweredBy = answeredBy,
        });
        await db.SaveChangesAsync(ct);
        cache.Remove(CacheKey(contentItemId));
        await pageCache.EvictByTagAsync(OutputCacheEviction.Tag, ct);
    }

    /// <summary>When the owner last said the item is still current (cached per item; dropped when an answer comes in).</summary>
    public async Task<DateTime?> LastConfirmedAsync(string contentItemId, CancellationToken ct = default) =>
        await cache.GetOrCreateAsync<DateTime?>(CacheKey(contentItemId), async entry =>
        {
            entry.Size = 1;
            entry.AbsoluteExpirationRelativeToNow = TimeSpan.FromMinutes(10);
            var answered = await db.Set<UpkeepAnswer>().AsNoTracking()
                .Where(a => a.ContentItemId == contentItemId && a.StillCurrent)
                .OrderByDescending(a => a.AnsweredUtc).Select(a => (DateTime?)a.AnsweredUtc).FirstOrDefaultAsync(ct);
            return answered is { } utc ? DateTime.SpecifyKind(utc, DateTimeKind.Utc) : null;
        });

    public async Task<IReadOnlyList<UpkeepAnswer>> AnswersAsync(string contentItemId, CancellationToken ct = default) =>
        await db.Set<UpkeepAnswer>().AsNoTracking().Where(a => a.ContentItemId == contentItemId).OrderByDescending(a => a.AnsweredUtc).ToListAsync(ct);

    /// <summary>Published items whose owner said they are out of date, or that nobody confirmed in the last 12 months.</summary>
    public async Task<IReadOnlyList<StaleItem>> StaleAsync(DateTime nowUtc, CancellationToken ct = default)
    {
        var yearAgo = nowUtc.AddMonths(-12);
        var published = await db.ContentItems.AsNoTracking().Where(v => v.Published && v.PublishedUtc != null)
            .Select(v => new { v.ContentItemId, v.ContentType, v.DisplayText, v.PublishedUtc }).ToListAsync(ct);
        var latest = (await db.Set<UpkeepAnswer>().AsNoTracking().ToListAsync(ct))
            .GroupBy(a => a.ContentItemId).ToDictionary(g => g.Key, g => g.MaxBy(a => a.AnsweredUtc)!);
        var stale = new List<StaleItem>();
        foreach (var item in published)
        {
            latest.TryGetValue(item.ContentItemId, out var answer);
            var confirmed = answer is { StillCurrent: true } ? answer.AnsweredUtc : (DateTime?)null;
            string? reason = answer is { StillCurrent: false }
                ? $"De eigenaar meldde op {answer.AnsweredUtc:d MMMM yyyy} dat dit niet meer actueel is."
                : (confirmed ?? item.PublishedUtc!.Value) <= yearAgo
                    ? confirmed is null ? "Meer dan een jaar gepubliceerd en nooit bevestigd." : "Meer dan een jaar niet bevestigd."
                    : null;
            if (reason is not null)
                stale.Add(new StaleItem(item.ContentItemId, item.ContentType, item.DisplayText, item.PublishedUtc!.Value, confirmed, reason));
        }
        return [.. stale.OrderBy(s => s.LastConfirmedUtc ?? s.PublishedUtc)];
    }

    private static string CacheKey(string contentItemId) => "upkeep:" + contentItemId;
}

/// <summary>The daily Hangfire job that sends the reminders that are due.</summary>
public sealed class UpkeepJobs(UpkeepService upkeep, TimeProvider clock)
{
    public const string RecurringJobId = "actueel-houden";

    public Task<int> SendDueRemindersAsync(CancellationToken ct) => upkeep.SendDueRemindersAsync(clock.GetUtcNow().UtcDateTime, ct);
}

/// <summary>Registers the daily reminder run at start: every morning at 8, in the newsletter's time zone.</summary>
internal sealed class UpkeepSchedule(IRecurringJobManager recurring, Microsoft.Extensions.Options.IOptions<Newsletter.NewsletterOptions> newsletter) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        recurring.AddOrUpdate<UpkeepJobs>(UpkeepJobs.RecurringJobId, j => j.SendDueRemindersAsync(CancellationToken.None), "0 8 * * *",
            new RecurringJobOptions { TimeZone = newsletter.Value.Zone });
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}

public static class UpkeepExtensions
{
    public static IHostApplicationBuilder AddUpkeep(this IHostApplicationBuilder builder)
    {
        builder.Services.AddScoped<UpkeepService>();
        builder.Services.AddScoped<UpkeepJobs>();
        builder.Services.AddHostedService<UpkeepSchedule>();
        return builder;
    }
}
