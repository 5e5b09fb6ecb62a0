using System.Net;
using System.Text.Json.Nodes;
using LerendeRegio.Web.Accounts;
using LerendeRegio.Web.Content;
using LerendeRegio.Web.Data;
using LerendeRegio.Web.Newsletter;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;

namespace LerendeRegio.IntegrationTests;

/// <summary>The editors' newsletter page and the Hangfire dashboard, signed in through the real sign-in page.</summary>
public sealed class NewsletterEditorTests(NewsletterSite site) : IClassFixture<NewsletterSite>
{
    [Fact]
    public async Task Only_editors_reach_the_newsletter_page_and_only_administrators_the_dashboard()
    {
        var anonymous = site.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        foreach (var path in new[] { "/beheer/nieuwsbrief", "/beheer/nieuwsbrief/voorbeeld", "/beheer/hangfire" })
        {
            var response = await anonymous.GetAsync(path);
            Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
            Assert.StartsWith("/beheer/inloggen", response.Headers.Location!.AbsolutePath, StringComparison.Ordinal);
        }
        var author = await site.SignedInClientAsync(await site.CreateUserAsync(Roles.Auteur));
        Assert.Equal(HttpStatusCode.Redirect, (await author.GetAsync("/beheer/nieuwsbrief")).StatusCode);
        var editor = await site.SignedInClientAsync(await site.CreateUserAsync(Roles.Redacteur));
        Assert.True(HttpStatusCode.OK == (await editor.GetAsync("/beheer/nieuwsbrief")).StatusCode, string.Join("\n", site.Errors));
        var denied = await editor.GetAsync("/beheer/hangfire");
        Assert.Equal(HttpStatusCode.Redirect, denied.StatusCode);
        Assert.StartsWith("/beheer/geen-toegang", denied.Headers.Location!.AbsolutePath, StringComparison.Ordinal);
        var admin = await site.SignedInClientAsync(await site.CreateUserAsync(Roles.Administrator));
        var dashboard = await admin.GetAsync("/beheer/hangfire");
        Assert.Equal(HttpStatusCode.OK, dashboard.StatusCode);
        Assert.Contains("Achtergrondtaken", await dashboard.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_preview_shows_a_period_for_sample_choices_and_a_test_goes_to_the_editor_only()
    {
        await PublishAsync("Voorbeeldles Emmen", "emmen", new DateTime(2031, 6, 10, 8, 0, 0, DateTimeKind.Utc));
        await PublishAsync("Voorbeeldles Coevorden", "coevorden", new DateTime(2031, 6, 11, 8, 0, 0, DateTimeKind.Utc));
        var email = await site.CreateUserAsync(Roles.Redacteur);
        var editor = await site.SignedInClientAsync(email);
        var page = await editor.GetStringAsync("/beheer/nieuwsbrief?period=2031-06&gemeenten=emmen");
        Assert.Contains("1 publicatie voor deze keuzes", page, StringComparison.Ordinal);
        var preview = await editor.GetAsync("/beheer/nieuwsbrief/voorbeeld?period=2031-06&gemeenten=emmen");
        Assert.Equal(HttpStatusCode.OK, preview.StatusCode);
        var html = await preview.Content.ReadAsStringAsync();
        Assert.Contains("Voorbeeldles Emmen", html, StringComparison.Ordinal);
        Assert.DoesNotContain("Voorbeeldles Coevorden", html, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.BadRequest, (await editor.GetAsync("/beheer/nieuwsbrief?period=juni")).StatusCode);

        var sent = await editor.PostFormAsync("/beheer/nieuwsbrief?handler=Test&period=2031-06", new() { ["gemeenten"] = "emmen" }, "/beheer/nieuwsbrief?period=2031-06");
        Assert.Equal(HttpStatusCode.OK, sent.StatusCode);
        var test = Assert.Single(await site.MailDev.WaitForAsync(email));
        Assert.StartsWith("[TEST]", test.Subject, StringComparison.Ordinal);
        Assert.Contains("Voorbeeldles Emmen", test.Html, StringComparison.Ordinal);
        await using var scope = site.Scope();
        Assert.False(await site.Get<LerendeRegioDbContext>(scope).Set<DigestDelivery>().AnyAsync(d => d.Period == "2031-06"));
    }

    [Fact]
    public async Task Sending_a_period_now_twice_gives_every_subscriber_one_digest_and_failures_are_listed()
    {
        await PublishAsync("Les voor iedereen in juli", "emmen", new DateTime(2031, 7, 3, 8, 0, 0, DateTimeKind.Utc));
        var addresses = Enumerable.Range(0, 7).Select(i => $"nu-{i}-{Guid.NewGuid():N}@lerenderegio.test").ToList();
        await using (var scope = site.Scope())
        {
            var db = site.Get<LerendeRegioDbContext>(scope);
            db.AddRange(addresses.Select(a => new Subscriber { Email = a, Status = SubscriberStatus.Confirmed, CreatedUtc = DateTime.UtcNow, ConfirmedUtc = DateTime.UtcNow }));
            var failing = new Subscriber { Email = $"weigert-{Guid.NewGuid():N}@lerenderegio.test", Status = SubscriberStatus.Pending, CreatedUtc = DateTime.UtcNow };
            db.Add(failing);
            await db.SaveChangesAsync();
            db.Add(new DigestDelivery { SubscriberId = failing.Id, Period = "2031-01", State = DeliveryState.Failed, Error = "550 5.1.1 Mailbox unavailable", CreatedUtc = DateTime.UtcNow });
            await db.SaveChangesAsync();
        }
        var editor = await site.SignedInClientAsync(await site.CreateUserAsync(Roles.Redacteur));
        for (var i = 0; i < 2; i++)
        {
            var response = await editor.PostFormAsync("/beheer/nieuwsbrief?handler=Verstuur&period=2031-07", [], "/beheer/nieuwsbrief?period=2031-07");
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }
        // The Hangfire workers of this site do the work; wait (generously) until every delivery has settled and arrived.
        for (var i = 0; i < 600 && !await SettledAsync(addresses); i++) await Task.Delay(100);
        var received = (await site.MailDev.AllAsync()).Where(m => m.Subject.Contains("juli 2031", StringComparison.Ordinal)).ToList();
        Assert.True(received.Count == addresses.Count, $"{received.Count} digests arrived; the site logged: {string.Join("\n", site.Errors)}");
        foreach (var address in addresses) Assert.Single(received, m => m.To.Any(t => t.Address == address));
        await using (var scope = site.Scope())
        {
            var db = site.Get<LerendeRegioDbContext>(scope);
            Assert.All(await db.Set<DigestDelivery>().Where(d => d.Period == "2031-07").ToListAsync(), d => Assert.Equal(DeliveryState.Sent, d.State));
        }
        var page = await editor.GetStringAsync("/beheer/nieuwsbrief?period=2031-07");
        Assert.Contains("550 5.1.1 Mailbox unavailable", page, StringComparison.Ordinal);
    }

    private async Task<bool> SettledAsync(List<string> addresses)
    {
        await using var scope = site.Scope();
        var db = site.Get<LerendeRegioDbContext>(scope);
        var done = await db.Set<DigestDelivery>().CountAsync(d => d.Period == "2031-07" && d.State == DeliveryState.Sent);
        if (done < addresses.Count) return false;
        var arrived = (await site.MailDev.AllAsync()).Count(m => m.Subject.Contains("juli 2031", StringComparison.Ordinal));
        return arrived >= addresses.Count;
    }

    private async Task PublishAsync(string title, string gemeente, DateTime publishedUtc)
    {
        await using var scope = site.Scope();
        var fields = new JsonObject
        {
            ["samenvatting"] = "Een korte samenvatting.", ["aanleiding"] = "a", ["les"] = "b", ["soort"] = new JsonArray("positief"), ["gemeenten"] = new JsonArray(gemeente),
        };
        await site.Get<ContentManager>(scope).CreateAsync("LessonLearned", new ContentEdit(title, title.ToLowerInvariant().Replace(' ', '-'), fields),
            new CreateOptions { Publish = true, PublishedUtc = publishedUtc });
    }
}
