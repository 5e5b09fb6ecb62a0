using Hangfire;
using Hangfire.Dashboard;
using LerendeRegio.Web.Accounts;
using Microsoft.AspNetCore.Authorization;
using Microsoft.Extensions.Options;

namespace LerendeRegio.Web.Newsletter;

/// <summary>
/// The digest as Hangfire jobs: the monthly run plans the previous month's batches; each batch is a job of its own,
/// so the workers of every node (with PostgreSQL storage) share them. A batch job that fails (mail server down, claims
/// still held by a crashed worker) is retried by Hangfire with growing delays; the delivery ledger makes that safe.
/// </summary>
public sealed class DigestJobs(DigestRunner runner, IBackgroundJobClient jobs, IOptions<NewsletterOptions> options, TimeProvider clock, ILogger<DigestJobs> logger)
{
    public const string Queue = "newsletter", RecurringJobId = "nieuwsbrief-maandoverzicht";

    [AutomaticRetry(Attempts = 3)]
    [Queue(Queue)]
    public Task RunScheduledAsync(CancellationToken ct) =>
        StartAsync(DigestPeriod.Previous(clock.GetUtcNow().UtcDateTime, options.Value.Zone).Key, ct);

    /// <summary>Plans a period's batches. Starting the same period again is harmless: what was sent stays sent.</summary>
    [AutomaticRetry(Attempts = 3)]
    [Queue(Queue)]
    public async Task StartAsync(string period, CancellationToken ct)
    {
        if (!DigestPeriod.TryParse(period, out _)) throw new ArgumentException($"'{period}' is not a period (yyyy-MM).", nameof(period));
        var ranges = await runner.PlanAsync(ct);
        foreach (var (from, to) in ranges) jobs.Enqueue<DigestJobs>(j => j.SendBatchAsync(period, from, to, CancellationToken.None));
        logger.LogInformation("Digest {Period}: {Batches} batches queued", period, ranges.Count);
    }

    [AutomaticRetry(Attempts = 10, DelaysInSeconds = [15, 60, 300, 600, 900, 1800, 3600, 3600, 7200, 14400])]
    [Queue(Queue)]
    public async Task SendBatchAsync(string period, long fromId, long toId, CancellationToken ct)
    {
        if (!DigestPeriod.TryParse(period, out var parsed)) throw new ArgumentException($"'{period}' is not a period (yyyy-MM).", nameof(period));
        var outcome = await runner.SendBatchAsync(parsed, fromId, toId, ct);
        logger.LogInformation("Digest {Period} batch {From}–{To}: {Sent} sent, {Skipped} skipped, {Failed} failed", period, fromId, toId, outcome.Sent, outcome.Skipped, outcome.Failed);
        if (outcome.HeldElsewhere > 0)
            throw new DigestBatchIncompleteException($"{outcome.HeldElsewhere} deliveries of this batch are claimed by another worker; trying again later.");
    }
}

/// <summary>The Hangfire dashboard for people whose roles grant a permission (administrators: ManageSettings).</summary>
public sealed class PermissionDashboardFilter(string policy) : IDashboardAsyncAuthorizationFilter
{
    public async Task<bool> AuthorizeAsync(DashboardContext context)
    {
        var http = context.GetHttpContext();
        if (http.User.Identity?.IsAuthenticated != true) return false;
        var authorization = http.RequestServices.GetRequiredService<IAuthorizationService>();
        return (await authorization.AuthorizeAsync(http.User, policy)).Succeeded;
    }

    public static PermissionDashboardFilter Administrators => new(Permissions.ManageSettings);
}
