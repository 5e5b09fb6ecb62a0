using System.Net;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using LerendeRegio.Web.Content;
using LerendeRegio.Web.Data;
using LerendeRegio.Web.Newsletter;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;

namespace LerendeRegio.IntegrationTests;

/// <summary>The steps of the saved-search tests, shared by the site with a search index and the one without.</summary>
public static partial class SavedSearchSteps
{
    public static string Tag() => Guid.NewGuid().ToString("N")[..8];

    /// <summary>A visitor without cookies: what a cached anonymous /zoeken page posts (it carries no antiforgery token).</summary>
    public static HttpClient Anonymous(this NewsletterSite site) =>
        site.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = false });

    public static HttpClient Browser(this NewsletterSite site) =>
        site.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = true });

    /// <summary>Posts the save form of /zoeken as an anonymous visitor.</summary>
    public static Task<HttpResponseMessage> SaveAsync(this HttpClient client, string search, string? email, string name = "") =>
        client.PostAsync("/zoeken/bewaren", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["zoekopdracht"] = search, ["naam"] = name, ["email"] = email ?? "",
        }));

    /// <summary>The page's main content (what differs between answers, if anything does).</summary>
    public static async Task<string> MainAsync(this HttpResponseMessage response)
    {
        var html = await response.Content.ReadAsStringAsync();
        var match = MainElement().Match(html);
        Assert.True(match.Success, html);
        return match.Value;
    }

    public static string ConfirmPath(ReceivedMail mail) => new Uri(ConfirmLink().Match(mail.Text!).Value).AbsolutePath;

    /// <summary>Opens the confirmation link, reads which saved searches the page offers, and presses the button.</summary>
    public static async Task<(string Page, HttpResponseMessage Confirmed)> ConfirmAsync(this NewsletterSite site, ReceivedMail mail, Func<Task>? meanwhile = null)
    {
        var client = site.Browser();
        var path = ConfirmPath(mail);
        var page = await client.GetStringAsync(path);
        var ids = HiddenSearchIds().Matches(page).Select(m => new KeyValuePair<string, string>("zoekopdracht", m.Groups[1].Value)).ToList();
        if (meanwhile is not null) await meanwhile();
        var confirmed = await client.PostFieldsAsync(path, ids, path);
        Assert.Equal(HttpStatusCode.OK, confirmed.StatusCode);
        return (page, confirmed);
    }

    /// <summary>A confirmed subscriber with saved searches (active), and a preferences token.</summary>
    public static async Task<(Subscriber Subscriber, string Token, List<SavedSearch> Searches)> SubscriberWithSearchesAsync(this NewsletterSite site,
        bool generalDigest, params (string Name, string Search)[] searches)
    {
        await using var scope = site.Scope();
        var db = site.Get<LerendeRegioDbContext>(scope);
        var subscriber = new Subscriber
        {
            Email = $"z-{Guid.NewGuid():N}@lerenderegio.test", Status = SubscriberStatus.Confirmed, CreatedUtc = DateTime.UtcNow, ConfirmedUtc = DateTime.UtcNow,
            GeneralDigest = generalDigest,
        };
        db.Add(subscriber);
        await db.SaveChangesAsync();
        var saved = new List<SavedSearch>();
        foreach (var (name, search) in searches)
        {
            var criteria = SavedSearchCriteria.FromQueryString(search);
            var row = new SavedSearch
            {
                SubscriberId = subscriber.Id, Name = name, Text = criteria.Text, Filters = criteria.Filters, Status = SavedSearchStatus.Active,
                CreatedUtc = DateTime.UtcNow, ActivatedUtc = DateTime.UtcNow,
            };
            db.Add(row);
            saved.Add(row);
        }
        await db.SaveChangesAsync();
        return (subscriber, await site.Get<NewsletterTokens>(scope).CreateAsync(subscriber, TokenPurpose.Manage, TimeSpan.FromDays(1)), saved);
    }

    public static async Task<List<SavedSearch>> SearchesOfAsync(this NewsletterSite site, string email)
    {
        await using var scope = site.Scope();
        var db = site.Get<LerendeRegioDbContext>(scope);
        var subscriber = await db.Set<Subscriber>().AsNoTracking().SingleAsync(s => s.Email == email);
        return await db.Set<SavedSearch>().AsNoTracking().Where(s => s.SubscriberId == subscriber.Id).OrderBy(s => s.Id).ToListAsync();
    }

    public static async Task<Subscriber?> SubscriberAsync(this NewsletterSite site, string email)
    {
        await using var scope = site.Scope();
        return await site.Get<LerendeRegioDbContext>(scope).Set<Subscriber>().AsNoTracking().SingleOrDefaultAsync(s => s.Email == email);
    }

    /// <summary>Publishes a lesson (first published at <paramref name="publishedUtc"/>); returns its id.</summary>
    public static async Task<string> PublishLessonAsync(this NewsletterSite site, string title, DateTime publishedUtc, string[]? gemeenten = null,
        string[]? themes = null, string[]? elements = null, string les = "Begin klein en vraag door.")
    {
        await using var scope = site.Scope();
        var fields = new JsonObject
        {
            ["samenvatting"] = $"Samenvatting van {title}", ["aanleiding"] = "Er gebeurde iets.", ["les"] = les, ["soort"] = new JsonArray("positief"),
            ["themas"] = new JsonArray([.. (themes ?? []).Select(t => (JsonNode)t)]), ["gemeenten"] = new JsonArray([.. (gemeenten ?? []).Select(g => (JsonNode)g)]),
            ["werkzameElementen"] = new JsonArray([.. (elements ?? []).Select(e => (JsonNode)e)]),
        };
        var slug = Regex.Replace(title.ToLowerInvariant(), "[^a-z0-9]+", "-").Trim('-');
        var item = await site.Get<ContentManager>(scope).CreateAsync("LessonLearned", new ContentEdit(title, slug, fields),
            new CreateOptions { Publish = true, PublishedUtc = publishedUtc });
        return item.ContentItemId;
    }

    /// <summary>Publishes a school practice like a seeded one, with another title; returns its id.</summary>
    public static async Task<string> PublishPracticeAsync(this NewsletterSite site, string title, DateTime publishedUtc)
    {
        await using var scope = site.Scope();
        var template = (await site.Get<ContentQueries>(scope).GetAllPublishedAsync("SchoolPractice"))[0];
        var item = await site.Get<ContentManager>(scope).CreateAsync("SchoolPractice", new ContentEdit(title, null, template.Fields.DeepClone().AsObject()),
            new CreateOptions { Publish = true, PublishedUtc = publishedUtc });
        return item.ContentItemId;
    }

    public static async Task RunDigestAsync(this NewsletterSite site, DigestPeriod period)
    {
        await using var scope = site.Scope();
        var status = await site.Get<DigestRunner>(scope).RunAsync(period);
        Assert.Equal(0, status.Sending);
    }

    public static async Task<IReadOnlyList<ReceivedMail>> DigestsAsync(this NewsletterSite site, string address, DigestPeriod period) =>
        [.. (await site.MailDev.ToAsync(address)).Where(m => m.Subject.Contains(period.DisplayName, StringComparison.Ordinal))];

    public static async Task<DeliveryState?> DeliveryAsync(this NewsletterSite site, string address, DigestPeriod period)
    {
        await using var scope = site.Scope();
        var db = site.Get<LerendeRegioDbContext>(scope);
        return await db.Set<DigestDelivery>().Where(d => d.Period == period.Key)
            .Join(db.Set<Subscriber>().Where(s => s.Email == address), d => d.SubscriberId, s => s.Id, (d, _) => (DeliveryState?)d.State)
            .SingleOrDefaultAsync();
    }

    /// <summary>The item titles (with the tag) of a digest's plain text, in order, per section ("" before the first heading).</summary>
    public static Dictionary<string, List<string>> Sections(string text, string tag)
    {
        var sections = new Dictionary<string, List<string>> { [""] = [] };
        var current = "";
        foreach (var line in text.Split('\n').Select(l => l.TrimEnd('\r')))
        {
            if (line.StartsWith("== ", StringComparison.Ordinal) && line.EndsWith(" ==", StringComparison.Ordinal))
            {
                current = line[3..^3];
                sections[current] = [];
            }
            else if (line.StartsWith("* ", StringComparison.Ordinal) && line.Contains(tag, StringComparison.Ordinal))
            {
                sections[current].Add(line[2..line.LastIndexOf(" (", StringComparison.Ordinal)]);
            }
        }
        return sections;
    }

    [GeneratedRegex(@"https?://\S+/nieuwsbrief/bevestigen/[A-Za-z0-9_-]+")]
    private static partial Regex ConfirmLink();

    [GeneratedRegex("name=\"zoekopdracht\" value=\"(\\d+)\"")]
    private static partial Regex HiddenSearchIds();

    [GeneratedRegex("<main[^>]*>.*</main>", RegexOptions.Singleline)]
    private static partial Regex MainElement();
}

/// <summary>A newsletter site whose node keeps no search index (<c>LerendeRegio:SearchIndex=false</c>), like a worker node or the command line.</summary>
public sealed class NewsletterSiteWithoutSearchIndex : NewsletterSite
{
    protected override bool SearchIndexOnThisNode => false;

    protected override IEnumerable<KeyValuePair<string, string?>> ExtraSettings => [.. base.ExtraSettings, new("LerendeRegio:SearchIndex", "false")];
}
