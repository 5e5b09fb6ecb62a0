using System.Text.Json.Nodes;
using Hangfire;
using LerendeRegio.Web.Content;
using LerendeRegio.Web.Data;
using LerendeRegio.Web.Newsletter;
using Microsoft.EntityFrameworkCore;

namespace LerendeRegio.IntegrationTests;

/// <summary>
/// On PostgreSQL the digest jobs live in Hangfire's PostgreSQL storage (schema <c>hangfire</c>) and the mail goes to
/// the pickup folder (no SMTP settings): a period started twice still gives every subscriber one digest.
/// </summary>
public sealed class NewsletterPostgresTests(PostgresSite site) : IClassFixture<PostgresSite>
{
    [Fact]
    public async Task A_period_started_twice_through_Hangfire_on_PostgreSQL_gives_each_subscriber_one_digest()
    {
        const string period = "2031-09";
        var addresses = Enumerable.Range(0, 5).Select(i => $"pg-{i}-{Guid.NewGuid():N}@lerenderegio.test").ToList();
        await using (var scope = site.Scope())
        {
            Assert.IsNotType<Hangfire.InMemory.InMemoryStorage>(site.Get<JobStorage>(scope));
            var db = site.Get<LerendeRegioDbContext>(scope);
            db.AddRange(addresses.Select(a => new Subscriber { Email = a, Status = SubscriberStatus.Confirmed, CreatedUtc = DateTime.UtcNow, ConfirmedUtc = DateTime.UtcNow }));
            await db.SaveChangesAsync();
            var fields = new JsonObject { ["samenvatting"] = "s", ["aanleiding"] = "a", ["les"] = "b", ["soort"] = new JsonArray("positief") };
            await site.Get<ContentManager>(scope).CreateAsync("LessonLearned", new ContentEdit("Septemberles", "septemberles", fields),
                new CreateOptions { Publish = true, PublishedUtc = new DateTime(2031, 9, 9, 9, 0, 0, DateTimeKind.Utc) });
            var jobs = site.Get<IBackgroundJobClient>(scope);
            for (var i = 0; i < 2; i++) jobs.Enqueue<DigestJobs>(j => j.StartAsync(period, CancellationToken.None));
        }
        var folder = Path.Combine(site.DataPath, "mail");
        List<MimeKit.MimeMessage> Digests() => Directory.Exists(folder)
            ? [.. Directory.EnumerateFiles(folder, "*.eml").Select(f => MimeKit.MimeMessage.Load(f)).Where(m => m.MessageId?.StartsWith($"digest.{period}.", StringComparison.Ordinal) == true)]
            : [];
        // "Sent" is recorded just before the file gets its final name (IMailBatch.SendAsync), so wait for both.
        for (var i = 0; i < 3_000 && (await SentAsync(period) < addresses.Count || Digests().Count < addresses.Count); i++) await Task.Delay(100);
        var digests = Digests();
        string failures;
        await using (var scope = site.Scope())
        {
            var monitoring = site.Get<JobStorage>(scope).GetMonitoringApi();
            var stats = monitoring.GetStatistics();
            var states = await site.Get<LerendeRegioDbContext>(scope).Set<DigestDelivery>().Where(d => d.Period == period)
                .GroupBy(d => d.State).Select(g => new { g.Key, Count = g.Count() }).ToListAsync();
            failures = $"deliveries {string.Join(", ", states.Select(x => $"{x.Key}:{x.Count}"))}; servers {stats.Servers}, enqueued {stats.Enqueued}, processing {stats.Processing}, succeeded {stats.Succeeded}, failed {stats.Failed}, scheduled {stats.Scheduled}; queues "
                + string.Join(", ", monitoring.Queues().Select(q => $"{q.Name}:{q.Length}")) + "\n"
                + string.Join("\n", monitoring.FailedJobs(0, 10).Select(j => j.Value.ExceptionDetails)
                .Concat(monitoring.ScheduledJobs(0, 10).Select(j => j.Value.Job?.ToString() ?? "")));
        }
        Assert.True(digests.Count == addresses.Count, $"{digests.Count} digests; Hangfire: {failures}");
        foreach (var address in addresses) Assert.Single(digests, m => m.To.Mailboxes.Single().Address == address);
        Assert.Equal(addresses.Count, await SentAsync(period));
    }

    private async Task<int> SentAsync(string period)
    {
        await using var scope = site.Scope();
        return await site.Get<LerendeRegioDbContext>(scope).Set<DigestDelivery>().CountAsync(d => d.Period == period && d.State == DeliveryState.Sent);
    }
}
