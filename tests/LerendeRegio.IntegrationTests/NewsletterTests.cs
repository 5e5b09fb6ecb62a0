using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using LerendeRegio.Web.Content;
using LerendeRegio.Web.Data;
using LerendeRegio.Web.Newsletter;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;
using MimeKit;

namespace LerendeRegio.IntegrationTests;

/// <summary>Subscribing, confirming, the digest and leaving, against a real SMTP server (MailDev).</summary>
public sealed partial class NewsletterTests(NewsletterSite site) : IClassFixture<NewsletterSite>
{
    private static readonly DigestPeriod Period = new(2031, 3);
    private readonly HttpClient _client = site.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = true });

    [Fact]
    public async Task Subscribe_confirm_publish_and_send_gives_each_subscriber_exactly_the_items_they_chose()
    {
        var tag = Guid.NewGuid().ToString("N")[..8];
        var a = $"a-{tag}@lerenderegio.test"; // theme Kansen voor kinderen, through the API
        var b = $"b-{tag}@lerenderegio.test"; // Emmen and lessons, through the page
        var c = $"c-{tag}@lerenderegio.test"; // never confirms
        var d = $"d-{tag}@lerenderegio.test"; // only school practices: nothing new, skipped

        Assert.Equal(HttpStatusCode.Accepted, (await _client.PostAsJsonAsync("/api/newsletter/subscriptions",
            new { email = a, themes = new[] { "kansen-voor-kinderen" } })).StatusCode);
        var page = await _client.PostFormAsync("/nieuwsbrief", new() { ["email"] = b, ["gemeenten"] = "emmen", ["types"] = "LessonLearned" });
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Contains("bevestigen", await page.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Accepted, (await _client.PostAsJsonAsync("/api/newsletter/subscriptions", new { email = c })).StatusCode);
        Assert.Equal(HttpStatusCode.Accepted, (await _client.PostAsJsonAsync("/api/newsletter/subscriptions", new { email = d, types = new[] { "SchoolPractice" } })).StatusCode);

        foreach (var address in new[] { a, b, d }) await ConfirmAsync(address);

        var (k4k, emmen, both) = ($"Les k4k {tag}", $"Les Emmen {tag}", $"Les k4k Emmen {tag}");
        await PublishLessonAsync(k4k, ["kansen-voor-kinderen"], ["coevorden"], new DateTime(2031, 3, 2, 9, 0, 0, DateTimeKind.Utc));
        await PublishLessonAsync(emmen, ["armoede-en-schulden"], ["emmen"], new DateTime(2031, 3, 15, 9, 0, 0, DateTimeKind.Utc));
        await PublishLessonAsync(both, ["kansen-voor-kinderen"], ["emmen"], new DateTime(2031, 3, 31, 22, 30, 0, DateTimeKind.Utc)); // 00:30 on 1 April in Amsterdam (summer time)
        var draft = $"Concept {tag}";
        await PublishLessonAsync(draft, ["kansen-voor-kinderen"], ["emmen"], null);
        var earlier = $"Les februari {tag}";
        await PublishLessonAsync(earlier, ["kansen-voor-kinderen"], ["emmen"], new DateTime(2031, 2, 20, 9, 0, 0, DateTimeKind.Utc));
        var lastOfMarch = $"Les laat in maart {tag}";
        await PublishLessonAsync(lastOfMarch, ["kansen-voor-kinderen"], ["emmen"], new DateTime(2031, 3, 31, 21, 59, 0, DateTimeKind.Utc)); // 23:59 on 31 March in Amsterdam

        await RunDigestAsync();

        var digestA = Assert.Single(await DigestsAsync(a));
        var digestB = Assert.Single(await DigestsAsync(b));
        Assert.Empty(await DigestsAsync(c));
        Assert.Single(await site.MailDev.ToAsync(c)); // only the confirmation
        Assert.Empty(await DigestsAsync(d));

        Assert.Equal([lastOfMarch, k4k], Titles(digestA.Text!, tag)); // newest first
        Assert.Equal([lastOfMarch, emmen], Titles(digestB.Text!, tag));
        foreach (var digest in new[] { digestA, digestB })
        {
            Assert.DoesNotContain(draft, digest.Html, StringComparison.Ordinal);
            Assert.DoesNotContain(both, digest.Html, StringComparison.Ordinal);
            Assert.DoesNotContain(earlier, digest.Html, StringComparison.Ordinal);
            await AssertWellFormedDigestAsync(digest);
        }
        await using (var scope = site.Scope())
        {
            var db = site.Get<LerendeRegioDbContext>(scope);
            var states = await db.Set<DigestDelivery>().Where(x => x.Period == Period.Key)
                .Join(db.Set<Subscriber>(), x => x.SubscriberId, s => s.Id, (x, s) => new { s.Email, x.State }).ToListAsync();
            Assert.Equal(DeliveryState.Sent, states.Single(s => s.Email == a).State);
            Assert.Equal(DeliveryState.Skipped, states.Single(s => s.Email == d).State);
            Assert.DoesNotContain(states, s => s.Email == c);
        }

        // A second run of the same period sends nothing more.
        await RunDigestAsync();
        Assert.Single(await DigestsAsync(a));
        Assert.Single(await DigestsAsync(b));

        // One-click unsubscribe (RFC 8058): a POST without cookies or antiforgery token, then the same again.
        var unsubscribe = UnsubscribeUrl(digestA);
        using var provider = site.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = false });
        for (var i = 0; i < 2; i++)
        {
            var response = await provider.PostAsync(unsubscribe, new FormUrlEncodedContent(new Dictionary<string, string> { ["List-Unsubscribe"] = "One-Click" }));
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }
        Assert.False(await ExistsAsync(a));
        Assert.True(await ExistsAsync(b));
    }

    [Fact]
    public async Task An_expired_link_still_unsubscribes_but_no_longer_opens_the_preferences()
    {
        var (subscriber, _) = await CreateConfirmedAsync();
        string expired;
        await using (var scope = site.Scope())
            expired = await site.Get<NewsletterTokens>(scope).CreateAsync(subscriber, TokenPurpose.Manage, TimeSpan.FromDays(-1));

        var preferences = await _client.GetStringAsync($"/nieuwsbrief/voorkeuren/{expired}");
        Assert.Contains("verlopen", preferences, StringComparison.Ordinal);
        Assert.DoesNotContain(subscriber.Email, preferences, StringComparison.Ordinal);
        // The visible link: GET shows a button and changes nothing.
        Assert.Equal(HttpStatusCode.OK, (await _client.GetAsync($"/nieuwsbrief/afmelden/{expired}")).StatusCode);
        Assert.True(await ExistsAsync(subscriber.Email));
        using var anonymous = site.CreateClient(new WebApplicationFactoryClientOptions { HandleCookies = false });
        var response = await anonymous.PostAsync($"/nieuwsbrief/afmelden/{expired}", new FormUrlEncodedContent(new Dictionary<string, string> { ["List-Unsubscribe"] = "One-Click" }));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.False(await ExistsAsync(subscriber.Email));
        // A forged token (its signature does not match) does nothing to anyone.
        var (other, token) = await CreateConfirmedAsync();
        var forged = token[..^2] + (token[^2] == 'A' ? "B" : "A") + token[^1];
        await anonymous.PostAsync($"/nieuwsbrief/afmelden/{forged}", new FormUrlEncodedContent(new Dictionary<string, string> { ["List-Unsubscribe"] = "One-Click" }));
        Assert.True(await ExistsAsync(other.Email));
    }

    [Fact]
    public async Task Subscribing_again_answers_the_same_sends_no_second_mail_and_changes_no_confirmed_choices()
    {
        var address = $"again-{Guid.NewGuid():N}@lerenderegio.test";
        var first = await _client.PostAsJsonAsync("/api/newsletter/subscriptions", new { email = address, themes = new[] { "kansen-voor-kinderen" } });
        var firstBody = await first.Content.ReadAsStringAsync();
        await site.MailDev.WaitForAsync(address);
        var second = await _client.PostAsJsonAsync("/api/newsletter/subscriptions", new { email = address.ToUpperInvariant(), themes = new[] { "kansen-voor-kinderen" } });
        Assert.Equal(first.StatusCode, second.StatusCode);
        Assert.Equal(firstBody, await second.Content.ReadAsStringAsync());
        var unknown = await _client.PostAsJsonAsync("/api/newsletter/subscriptions", new { email = $"nieuw-{Guid.NewGuid():N}@lerenderegio.test" });
        Assert.Equal(firstBody, await unknown.Content.ReadAsStringAsync());
        Assert.Single(await site.MailDev.ToAsync(address));

        await ConfirmAsync(address);
        var confirmedAgain = await _client.PostAsJsonAsync("/api/newsletter/subscriptions", new { email = address, themes = new[] { "armoede-en-schulden" } });
        Assert.Equal(firstBody, await confirmedAgain.Content.ReadAsStringAsync());
        await using var scope = site.Scope();
        var stored = await site.Get<LerendeRegioDbContext>(scope).Set<Subscriber>().SingleAsync(s => s.Email == address);
        Assert.Equal("kansen-voor-kinderen", stored.Themes);
        Assert.Equal(SubscriberStatus.Confirmed, stored.Status);
    }

    [Fact]
    public async Task Too_many_requests_for_one_address_get_429_with_Retry_After()
    {
        var address = $"bom-{Guid.NewGuid():N}@lerenderegio.test";
        HttpResponseMessage response = null!;
        for (var i = 0; i < 6; i++) response = await _client.PostAsJsonAsync("/api/newsletter/subscriptions", new { email = address });
        Assert.Equal(HttpStatusCode.TooManyRequests, response.StatusCode);
        Assert.True(response.Headers.RetryAfter?.Delta > TimeSpan.Zero);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("Too many subscription requests", (await response.Content.ReadFromJsonAsync<JsonObject>())!["titleEn"]!.GetValue<string>());
        // Whatever was asked, one mail went to the address.
        Assert.Single(await site.MailDev.WaitForAsync(address));
        var page = await _client.PostFormAsync("/nieuwsbrief", new() { ["email"] = address });
        Assert.Equal(HttpStatusCode.TooManyRequests, page.StatusCode);
        Assert.Contains("te veel aanmeldingen", await page.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("""{"email":"geen-adres"}""", "email")]
    [InlineData("""{"email":"x@lerenderegio.test","themes":["bestaat-niet"]}""", "themes")]
    [InlineData("""{"email":"x@lerenderegio.test","types":["Nieuws"]}""", "types")]
    [InlineData("""{"email":""" , null)]
    public async Task Bad_subscriptions_get_a_Dutch_problem(string body, string? field)
    {
        var response = await _client.PostAsync("/api/newsletter/subscriptions", new StringContent(body, System.Text.Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = (await response.Content.ReadFromJsonAsync<JsonObject>())!;
        Assert.False(string.IsNullOrEmpty(problem["detail"]?.GetValue<string>()));
        if (field is not null) Assert.NotNull(problem["errors"]![field]);
    }

    [Fact]
    public async Task A_subscriber_downloads_everything_stored_and_erasure_leaves_nothing()
    {
        var (subscriber, token) = await CreateConfirmedAsync();
        await using (var scope = site.Scope())
        {
            var db = site.Get<LerendeRegioDbContext>(scope);
            db.Add(new DigestDelivery { SubscriberId = subscriber.Id, Period = "2030-01", State = DeliveryState.Sent, ItemCount = 2, MessageId = "m@x", CreatedUtc = DateTime.UtcNow, SentUtc = DateTime.UtcNow });
            await db.SaveChangesAsync();
        }
        var download = await _client.GetAsync($"/nieuwsbrief/gegevens/{token}");
        Assert.Equal(HttpStatusCode.OK, download.StatusCode);
        Assert.Equal("attachment", download.Content.Headers.ContentDisposition?.DispositionType);
        var export = (await download.Content.ReadFromJsonAsync<JsonObject>())!;
        Assert.Equal(subscriber.Email, export["email"]!.GetValue<string>());
        Assert.Equal("Confirmed", export["status"]!.GetValue<string>());
        Assert.Equal("emmen", export["preferences"]!["gemeenten"]![0]!.GetValue<string>());
        Assert.Equal("2030-01", export["deliveries"]![0]!["period"]!.GetValue<string>());

        var erased = await _client.PostFormAsync($"/nieuwsbrief/voorkeuren/{token}?handler=Verwijderen", [], $"/nieuwsbrief/voorkeuren/{token}");
        Assert.Equal(HttpStatusCode.OK, erased.StatusCode);
        await using (var scope = site.Scope())
        {
            var db = site.Get<LerendeRegioDbContext>(scope);
            Assert.False(await db.Set<Subscriber>().AnyAsync(s => s.Email == subscriber.Email));
            Assert.False(await db.Set<DigestDelivery>().AnyAsync(d => d.SubscriberId == subscriber.Id));
        }
        Assert.Equal(HttpStatusCode.NotFound, (await _client.GetAsync($"/nieuwsbrief/voorkeuren/{token}")).StatusCode);
    }

    [Fact]
    public async Task Preferences_change_from_the_link_without_a_password()
    {
        var (subscriber, token) = await CreateConfirmedAsync();
        var saved = await _client.PostFormAsync($"/nieuwsbrief/voorkeuren/{token}?handler=Opslaan",
            new() { ["themes"] = "armoede-en-schulden", ["types"] = "Project" }, $"/nieuwsbrief/voorkeuren/{token}");
        Assert.Equal(HttpStatusCode.OK, saved.StatusCode);
        await using var scope = site.Scope();
        var stored = await site.Get<LerendeRegioDbContext>(scope).Set<Subscriber>().SingleAsync(s => s.Id == subscriber.Id);
        Assert.Equal(("armoede-en-schulden", "", "Project"), (stored.Themes, stored.Gemeenten, stored.Types));
    }

    [Fact]
    public async Task Every_page_has_the_subscribe_form_in_its_footer()
    {
        foreach (var path in new[] { "/", "/lessen", "/zoeken?q=school" })
        {
            var html = await _client.GetStringAsync(path);
            Assert.Matches("<form class=\"footer-subscribe\" method=\"get\" action=\"/nieuwsbrief\"", html);
        }
        var prefilled = await _client.GetStringAsync("/nieuwsbrief?email=iemand%40voorbeeld.nl");
        Assert.Contains("value=\"iemand@voorbeeld.nl\"", prefilled, StringComparison.Ordinal);
    }

    private async Task ConfirmAsync(string address)
    {
        var mail = Assert.Single(await site.MailDev.WaitForAsync(address));
        Assert.Contains("Bevestig", mail.Subject, StringComparison.Ordinal);
        var link = new Uri(ConfirmLink().Match(mail.Text!).Value);
        // Opening the link confirms nothing (mail scanners open links); the button does.
        var response = await _client.PostFormAsync(link.AbsolutePath, []);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("bevestigd", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    private async Task<(Subscriber Subscriber, string Token)> CreateConfirmedAsync()
    {
        await using var scope = site.Scope();
        var db = site.Get<LerendeRegioDbContext>(scope);
        var subscriber = new Subscriber
        {
            Email = $"s-{Guid.NewGuid():N}@lerenderegio.test", Status = SubscriberStatus.Confirmed, CreatedUtc = DateTime.UtcNow, ConfirmedUtc = DateTime.UtcNow,
            Preferences = new SubscriberPreferences([], ["emmen"], []),
        };
        db.Add(subscriber);
        await db.SaveChangesAsync();
        return (subscriber, await site.Get<NewsletterTokens>(scope).CreateAsync(subscriber, TokenPurpose.Manage, TimeSpan.FromDays(1)));
    }

    private async Task<bool> ExistsAsync(string email)
    {
        await using var scope = site.Scope();
        return await site.Get<LerendeRegioDbContext>(scope).Set<Subscriber>().AnyAsync(s => s.Email == email);
    }

    private async Task PublishLessonAsync(string title, string[] themes, string[] gemeenten, DateTime? publishedUtc)
    {
        await using var scope = site.Scope();
        var fields = new JsonObject
        {
            ["samenvatting"] = $"Samenvatting van {title}", ["aanleiding"] = "a", ["les"] = "b", ["soort"] = new JsonArray("positief"),
            ["themas"] = new JsonArray([.. themes.Select(t => (JsonNode)t)]), ["gemeenten"] = new JsonArray([.. gemeenten.Select(g => (JsonNode)g)]),
        };
        var slug = Regex.Replace(title.ToLowerInvariant(), "[^a-z0-9]+", "-");
        await site.Get<ContentManager>(scope).CreateAsync("LessonLearned", new ContentEdit(title, slug, fields),
            new CreateOptions { Publish = publishedUtc is not null, PublishedUtc = publishedUtc });
    }

    private async Task RunDigestAsync()
    {
        await using var scope = site.Scope();
        var status = await site.Get<DigestRunner>(scope).RunAsync(Period);
        Assert.Equal(0, status.Sending);
    }

    private async Task<IReadOnlyList<ReceivedMail>> DigestsAsync(string address) =>
        [.. (await site.MailDev.ToAsync(address)).Where(m => m.Subject.Contains("maart 2031", StringComparison.Ordinal))];

    private static List<string> Titles(string text, string tag) =>
        [.. text.Split('\n').Where(l => l.StartsWith("* ", StringComparison.Ordinal) && l.Contains(tag, StringComparison.Ordinal))
            .Select(l => l[2..l.LastIndexOf(" (", StringComparison.Ordinal)])];

    private static string UnsubscribeUrl(ReceivedMail digest) => new Uri(digest.Header("List-Unsubscribe")!.Trim('<', '>')).AbsolutePath;

    private async Task AssertWellFormedDigestAsync(ReceivedMail digest)
    {
        var message = await site.MailDev.SourceAsync(digest.Id);
        var alternative = Assert.IsType<MultipartAlternative>(message.Body);
        Assert.Equal(["text/plain", "text/html"], alternative.Select(p => p.ContentType.MimeType));
        Assert.Matches("^<https?://localhost/nieuwsbrief/afmelden/[A-Za-z0-9_-]+>$", message.Headers["List-Unsubscribe"]);
        Assert.Equal("List-Unsubscribe=One-Click", message.Headers["List-Unsubscribe-Post"]);
        Assert.Matches(@"^digest\.2031-03\.\d+@", message.MessageId);
        Assert.Contains("<html lang=\"nl\"", message.HtmlBody, StringComparison.Ordinal);
        Assert.Contains("color-scheme", message.HtmlBody, StringComparison.Ordinal);
        Assert.Contains("display:none", message.HtmlBody, StringComparison.Ordinal); // the preheader
        Assert.Contains("http://localhost/lessen/", message.HtmlBody, StringComparison.Ordinal);
        Assert.Contains("http://localhost/nieuwsbrief/voorkeuren/", message.TextBody, StringComparison.Ordinal);
        Assert.Contains("Afmelden", message.HtmlBody, StringComparison.Ordinal);
    }

    [GeneratedRegex(@"https?://\S+/nieuwsbrief/bevestigen/[A-Za-z0-9_-]+")]
    private static partial Regex ConfirmLink();
}
