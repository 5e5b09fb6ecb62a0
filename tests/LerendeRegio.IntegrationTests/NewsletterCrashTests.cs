using System.Diagnostics;
using System.Text.Json.Nodes;
using LerendeRegio.Tests;
using LerendeRegio.Web.Content;
using LerendeRegio.Web.Data;
using LerendeRegio.Web.Newsletter;
using Microsoft.EntityFrameworkCore;

namespace LerendeRegio.IntegrationTests;

/// <summary>
/// A digest run of 2 000 subscribers in a separate process (the command line), killed with SIGKILL halfway, then run
/// again to the end: every subscriber has exactly one digest at the SMTP server and every delivery record is Sent.
/// </summary>
public sealed class NewsletterCrashTests(NewsletterSite site) : IClassFixture<NewsletterSite>
{
    private const int Subscribers = 2_000;
    private const string Period = "2032-01";

    [Fact]
    public async Task A_run_killed_halfway_and_started_again_delivers_exactly_one_digest_to_everyone()
    {
        await using (var scope = site.Scope())
        {
            var db = site.Get<LerendeRegioDbContext>(scope);
            var now = DateTime.UtcNow;
            db.AddRange(Enumerable.Range(0, Subscribers).Select(i => new Subscriber
            {
                Email = $"crash-{i:0000}@lerenderegio.test", Status = SubscriberStatus.Confirmed, CreatedUtc = now, ConfirmedUtc = now,
            }));
            await db.SaveChangesAsync();
            var content = site.Get<ContentManager>(scope);
            for (var i = 0; i < 3; i++)
            {
                var fields = new JsonObject { ["samenvatting"] = $"Samenvatting {i}", ["aanleiding"] = "a", ["les"] = "b", ["soort"] = new JsonArray("positief") };
                await content.CreateAsync("LessonLearned", new ContentEdit($"Januariles {i}", $"januariles-{i}", fields),
                    new CreateOptions { Publish = true, PublishedUtc = new DateTime(2032, 1, 5 + i, 9, 0, 0, DateTimeKind.Utc) });
            }
        }

        var trace = "";
        using (var first = StartRun())
        {
            // Kill once some but not all are out: SIGKILL, no chance to clean up. (The ledger is polled rather than the
            // server: MailDev writes its files well behind what it has accepted.)
            var clock = Stopwatch.StartNew();
            var seen = 0;
            for (var i = 0; i < 2_400 && (seen = await SentAsync()) < 150 && !first.HasExited; i++) await Task.Delay(25);
            trace = $"loop left after {clock.ElapsedMilliseconds} ms with {seen} sent; ";
            if (first.HasExited) Assert.Fail("The first run ended before it could be killed: " + await first.StandardError.ReadToEndAsync());
            first.Kill();
            await first.WaitForExitAsync();
            trace += $"killed after {clock.ElapsedMilliseconds} ms with {await SentAsync()} sent; ";
        }
        var afterKill = (await site.MailDev.AllAsync()).Count;
        var sentAtKill = await SentAsync();
        Assert.True(afterKill is > 0 and < Subscribers, trace + $"{afterKill} at the server, {sentAtKill} marked sent when the first run was killed");
        await using (var scope = site.Scope())
        {
            var states = await site.Get<LerendeRegioDbContext>(scope).Set<DigestDelivery>().Where(d => d.Period == Period).Select(d => d.State).ToListAsync();
            Assert.True(states.Count(s => s == DeliveryState.Sent) < Subscribers);
        }

        using (var second = StartRun())
        {
            var output = second.StandardOutput.ReadToEndAsync();
            var error = second.StandardError.ReadToEndAsync();
            await second.WaitForExitAsync().WaitAsync(TimeSpan.FromMinutes(5));
            Assert.True(second.ExitCode == 0, await output + await error);
        }

        var received = await site.MailDev.AllAsync();
        var perRecipient = received.Where(m => m.Subject.Contains("januari 2032", StringComparison.Ordinal))
            .GroupBy(m => m.To.Single().Address).ToDictionary(g => g.Key, g => g.Count());
        Assert.Equal(Subscribers, perRecipient.Count);
        Assert.All(perRecipient, p => Assert.Equal(1, p.Value));
        await using (var scope = site.Scope())
        {
            var deliveries = await site.Get<LerendeRegioDbContext>(scope).Set<DigestDelivery>().Where(d => d.Period == Period).ToListAsync();
            Assert.Equal(Subscribers, deliveries.Count);
            Assert.All(deliveries, d => Assert.Equal(DeliveryState.Sent, d.State));
        }
    }

    private async Task<int> SentAsync()
    {
        await using var scope = site.Scope();
        return await site.Get<LerendeRegioDbContext>(scope).Set<DigestDelivery>().CountAsync(d => d.Period == Period && d.State == DeliveryState.Sent);
    }

    private Process StartRun()
    {
        var configuration = AppContext.BaseDirectory.Contains($"{Path.DirectorySeparatorChar}Release{Path.DirectorySeparatorChar}", StringComparison.Ordinal) ? "Release" : "Debug";
        var cli = Path.Combine(RepositoryPaths.Root, "src", "LerendeRegio.Cli", "bin", configuration, "net10.0", "LerendeRegio.Cli.dll");
        var start = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = RepositoryPaths.Root,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in new[] { cli, "newsletter", "send", "--period", Period }) start.ArgumentList.Add(argument);
        start.Environment["LerendeRegio__DataPath"] = site.DataPath;
        start.Environment["LerendeRegio__Smtp__Host"] = "127.0.0.1";
        start.Environment["LerendeRegio__Smtp__Port"] = site.MailDev.SmtpPort.ToString(System.Globalization.CultureInfo.InvariantCulture);
        start.Environment["LerendeRegio__Mail__PublicBaseUrl"] = "http://localhost";
        start.Environment["LerendeRegio__Newsletter__BatchSize"] = "100";
        // A crashed run's claims free up after five seconds, so the second run takes them over without a long wait.
        start.Environment["LerendeRegio__Newsletter__ClaimSeconds"] = "5";
        return Process.Start(start) ?? throw new InvalidOperationException("The command line did not start.");
    }
}
