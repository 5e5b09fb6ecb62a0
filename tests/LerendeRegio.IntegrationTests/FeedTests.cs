using System.Net;
using System.Text.Json.Nodes;
using System.Xml.Linq;
using AngleSharp.Html.Parser;
using LerendeRegio.Web.Content;

namespace LerendeRegio.IntegrationTests;

/// <summary>What feed readers and search engines get: the Atom feed, the sitemap, robots.txt and page metadata.</summary>
public sealed class FeedTests(SqliteSite site) : IClassFixture<SqliteSite>
{
    private static readonly XNamespace Atom = "http://www.w3.org/2005/Atom";
    private static readonly XNamespace Sitemap = "http://www.sitemaps.org/schemas/sitemap/0.9";
    private readonly HttpClient _client = site.CreateClient(new() { AllowAutoRedirect = false });

    /// <summary>The feed as an independent parser (@rowanmanning/feed-parser, in tests/tools) reads it.</summary>
    private async Task<JsonNode> ParseFeed(string url)
    {
        var response = await _client.GetAsync(url);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/atom+xml", response.Content.Headers.ContentType?.MediaType);
        var file = Path.Combine(site.DataPath, $"feed-{Guid.NewGuid():N}.atom");
        await File.WriteAllBytesAsync(file, await response.Content.ReadAsByteArrayAsync());
        var (exit, output, error) = await NodeTool.RunAsync("parse-feed.js", file);
        Assert.True(exit == 0, error);
        return JsonNode.Parse(output)!;
    }

    [Fact]
    public async Task The_feed_is_Atom_with_the_newest_50_publications()
    {
        var feed = await ParseFeed("/feed.atom");
        Assert.Equal("atom", feed["type"]!.GetValue<string>());
        Assert.Equal("1.0", feed["version"]!.GetValue<string>());
        var items = feed["items"]!.AsArray();
        Assert.Equal(50, items.Count);
        Assert.Equal(50, items.Select(i => i!["id"]!.GetValue<string>()).Distinct().Count());
        Assert.All(items, i =>
        {
            Assert.False(string.IsNullOrEmpty(i!["title"]?.GetValue<string>()));
            Assert.StartsWith("http://localhost/", i["url"]!.GetValue<string>(), StringComparison.Ordinal);
            Assert.NotNull(i["published"]?.GetValue<string>());
            Assert.NotNull(i["updated"]?.GetValue<string>());
        });
        var published = items.Select(i => DateTime.Parse(i!["published"]!.GetValue<string>(), System.Globalization.CultureInfo.InvariantCulture)).ToList();
        Assert.Equal(published.OrderByDescending(d => d), published);

        // Atom's own rules (RFC 4287 4.1.1/4.1.2): a feed and each entry have id, title and updated; the feed an author.
        var xml = XDocument.Parse(await _client.GetStringAsync("/feed.atom"));
        var root = xml.Root!;
        Assert.Equal(Atom + "feed", root.Name);
        foreach (var name in new[] { "id", "title", "updated", "author" }) Assert.NotNull(root.Element(Atom + name));
        Assert.Equal("http://localhost/feed.atom", root.Elements(Atom + "link").Single(l => (string?)l.Attribute("rel") == "self").Attribute("href")!.Value);
        foreach (var entry in root.Elements(Atom + "entry"))
        {
            foreach (var name in new[] { "id", "title", "updated" }) Assert.NotNull(entry.Element(Atom + name));
            Assert.True(Uri.IsWellFormedUriString(entry.Element(Atom + "id")!.Value, UriKind.Absolute));
        }
    }

    [Fact]
    public async Task The_feed_narrows_to_a_type_or_a_theme()
    {
        var interventions = (await ParseFeed("/feed.atom?type=Intervention"))["items"]!.AsArray();
        Assert.NotEmpty(interventions);
        Assert.All(interventions, i => Assert.StartsWith("http://localhost/interventies/", i!["url"]!.GetValue<string>(), StringComparison.Ordinal));

        var theme = (await ParseFeed("/feed.atom?thema=kansen-voor-kinderen"))["items"]!.AsArray();
        Assert.NotEmpty(theme);
        Assert.All(theme, i => Assert.Contains("kansen-voor-kinderen", i!["categories"]!.AsArray().Select(c => c!.GetValue<string>())));

        var unknown = await _client.GetAsync("/feed.atom?type=Onbekend");
        Assert.Equal(HttpStatusCode.BadRequest, unknown.StatusCode);
        Assert.Equal("application/problem+json", unknown.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task Every_address_in_the_sitemap_answers_200()
    {
        var xml = XDocument.Parse(await _client.GetStringAsync("/sitemap.xml"));
        var urls = xml.Root!.Elements(Sitemap + "url").Select(u => u.Element(Sitemap + "loc")!.Value).ToList();
        Assert.Contains("http://localhost/", urls);
        Assert.Contains("http://localhost/interventies", urls);
        Assert.Contains("http://localhost/interventies/mentor4you", urls);
        Assert.Contains("http://localhost/onderwerpen/thema/kansen-voor-kinderen", urls);
        Assert.Equal(urls.Count, urls.Distinct().Count());

        var export = JsonNode.Parse(await _client.GetStringAsync("/api/export/Project.json"))!;
        Assert.All(export["items"]!.AsArray(), p => Assert.Contains(p!["url"]!.GetValue<string>(), urls));

        var failures = new List<string>();
        foreach (var url in urls)
        {
            var response = await _client.GetAsync(new Uri(url).PathAndQuery);
            if (response.StatusCode != HttpStatusCode.OK) failures.Add($"{url}: {(int)response.StatusCode}");
        }
        Assert.Empty(failures);
    }

    [Fact]
    public async Task Robots_allows_everything_and_points_to_the_sitemap()
    {
        var robots = await _client.GetStringAsync("/robots.txt");
        Assert.Contains("User-agent: *", robots, StringComparison.Ordinal);
        Assert.Contains("Allow: /", robots, StringComparison.Ordinal);
        Assert.Contains("Sitemap: http://localhost/sitemap.xml", robots, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_detail_page_has_Open_Graph_and_schema_org_metadata()
    {
        var html = await new HtmlParser().ParseDocumentAsync(await _client.GetStringAsync("/interventies/mentor4you"));
        string? Meta(string property) => html.QuerySelector($"meta[property='{property}']")?.GetAttribute("content");
        Assert.StartsWith("Mentor4You", Meta("og:title"), StringComparison.Ordinal);
        Assert.Equal("http://localhost/interventies/mentor4you", Meta("og:url"));
        Assert.Equal("article", Meta("og:type"));
        Assert.False(string.IsNullOrEmpty(Meta("og:description")));
        Assert.Equal("http://localhost/interventies/mentor4you", html.QuerySelector("link[rel=canonical]")?.GetAttribute("href"));

        var data = JsonNode.Parse(html.QuerySelector("script[type='application/ld+json']")!.TextContent)!;
        Assert.Equal("https://schema.org", data["@context"]!.GetValue<string>());
        Assert.Equal(Meta("og:title"), data["headline"]!.GetValue<string>());
        Assert.Contains(data["about"]!.AsArray(), t => t!["name"]!.GetValue<string>() == "Kansen voor kinderen");
    }

    [Fact]
    public async Task A_title_cannot_break_out_of_the_JSON_LD_script()
    {
        const string title = "Les </script><script>alert('x')</script> & \"meer\"";
        await using (var scope = site.Scope())
        {
            var edit = new ContentEdit(title, "les-met-scriptje", JsonNode.Parse("""{"samenvatting":"</script><!--","aanleiding":"a","les":"b","soort":["positief"]}""")!.AsObject());
            await site.Get<ContentManager>(scope).CreateAsync("LessonLearned", edit, new CreateOptions { Publish = true });
        }
        var page = await _client.GetStringAsync("/lessen/les-met-scriptje");
        Assert.DoesNotContain("<script>alert", page, StringComparison.Ordinal);
        Assert.DoesNotContain("</script><!--", page, StringComparison.Ordinal);
        var html = await new HtmlParser().ParseDocumentAsync(page);
        var scripts = html.QuerySelectorAll("script[type='application/ld+json']");
        var data = JsonNode.Parse(Assert.Single(scripts).TextContent)!;
        Assert.Equal(title, data["headline"]!.GetValue<string>());
        Assert.Equal("</script><!--", data["description"]!.GetValue<string>());
    }
}
