using LerendeRegio.Web.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace LerendeRegio.Web.Newsletter;

public sealed record PeriodStatus(string Period, int Confirmed, int Sending, int Sent, int Skipped, int Failed);

public sealed record DeliveryFailure(string Email, string Period, string? Error, DateTime CreatedUtc);

/// <summary>A period's run: split confirmed subscribers into batches, send them, report where things stand.</summary>
public sealed class DigestRunner(
    LerendeRegioDbContext db,
    DigestEditions editions,
    IServiceScopeFactory scopes,
    IOptions<NewsletterOptions> options,
    TimeProvider clock,
    ILogger<DigestRunner> logger)
{
    /// <summary>Id ranges of confirmed subscribers, <see cref="NewsletterOptions.BatchSize"/> each, in id order.</summary>
    public async Task<IReadOnlyList<(long From, long To)>> PlanAsync(CancellationToken ct = default)
    {
        var ids = await db.Set<Subscriber>().AsNoTracking().Where(s => s.Status == SubscriberStatus.Confirmed)
            .OrderBy(s => s.Id).Select(s => s.Id).ToListAsync(ct);
        var size = options.Value.BatchSize;
        return [.. ids.Chunk(size).Select(c => (c[0], c[^1]))];
    }

    public async Task<BatchOutcome> SendBatchAsync(DigestPeriod period, long fromId, long toId, CancellationToken ct = default)
    {
        var edition = await editions.LoadAsync(period, ct);
        await using var scope = scopes.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<DigestSender>().SendAsync(edition, fromId, toId, ct);
    }

    /// <summary>
    /// The whole period in this process (the command line, tests): every batch, <paramref name="parallel"/> at a time,
    /// each on its own connection; then, while others' claims remain (a crashed run), waits for their lease and takes
    /// them over. Returns when no delivery of the period is left in Sending.
    /// </summary>
    public async Task<PeriodStatus> RunAsync(DigestPeriod period, int parallel = 1, IProgress<PeriodStatus>? progress = null, CancellationToken ct = default)
    {
        var edition = await editions.LoadAsync(period, ct);
        while (true)
        {
            var ranges = await PlanAsync(ct);
            await Parallel.ForEachAsync(ranges, new ParallelOptions { MaxDegreeOfParallelism = Math.Max(1, parallel), CancellationToken = ct }, async (range, token) =>
            {
                await using var scope = scopes.CreateAsyncScope();
                await scope.ServiceProvider.GetRequiredService<DigestSender>().SendAsync(edition, range.From, range.To, token);
                if (progress is not null) progress.Report(await StatusAsync(period, token));
            });
            var waitUntil = await db.Set<DigestDelivery>().AsNoTracking()
                .Where(d => d.Period == period.Key && d.State == DeliveryState.Sending)
                .Select(d => (DateTime?)d.LeaseUntilUtc).MaxAsync(ct);
            if (waitUntil is null) return await StatusAsync(period, ct);
            var wait = DateTime.SpecifyKind(waitUntil.Value, DateTimeKind.Utc) - clock.GetUtcNow().UtcDateTime;
            logger.LogInformation("Digest {Period}: deliveries claimed by another worker; waiting {Seconds:0} s for their lease", period, wait.TotalSeconds);
            if (wait > TimeSpan.Zero) await Task.Delay(wait + TimeSpan.FromMilliseconds(200), clock, ct);
        }
    }

    public async Task<PeriodStatus> StatusAsync(DigestPeriod period, CancellationToken ct = default)
    {
        await using var scope = scopes.CreateAsyncScope();
        var context = scope.ServiceProvider.GetRequiredService<LerendeRegioDbContext>();
        var counts = await context.Set<DigestDelivery>().AsNoTracking().Where(d => d.Period == period.Key)
            .GroupBy(d => d.State).Select(g => new { g.Key, Count = g.Count() }).ToDictionaryAsync(x => x.Key, x => x.Count, ct);
        var confirmed = await context.Set<Subscriber>().CountAsync(s => s.Status == SubscriberStatus.Confirmed, ct);
        return new PeriodStatus(period.Key, confirmed, counts.GetValueOrDefault(DeliveryState.Sending), counts.GetValueOrDefault(DeliveryState.Sent),
            counts.GetValueOrDefault(DeliveryState.Skipped), counts.GetValueOrDefault(DeliveryState.Failed));
    }

    /// <summary>Permanent failures, newest first: the address, the period and the server's answer.</summary>
    public async Task<IReadOnlyList<DeliveryFailure>> FailuresAsync(int take = 100, CancellationToken ct = default) =>
        await db.Set<DigestDelivery>().AsNoTracking().Where(d => d.State == DeliveryState.Failed)
            .Join(db.Set<Subscriber>().AsNoTracking(), d => d.SubscriberId, s => s.Id, (d, s) => new { d, s.Email })
            .OrderByDescending(x => x.d.Id).Take(take)
            .Select(x => new DeliveryFailure(x.Email, x.d.Period, x.d.Error, x.d.CreatedUtc))
            .ToListAsync(ct);
}
