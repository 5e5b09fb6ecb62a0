using System.Net;
using System.Text.Json.Nodes;
using AngleSharp.Html.Dom;
using AngleSharp.Html.Parser;
using LerendeRegio.Web.Content;

namespace LerendeRegio.IntegrationTests;

/// <summary>
/// The matrix and the evidence ladder as content changes: drafts never count, publishing and unpublishing show at once,
/// an item without a judgement says so, and a recognised intervention is linked from practices that share its elements.
/// These tests add content, so they have a site of their own.
/// </summary>
public sealed class WorkingElementsChangeTests(WorkingElementsChangeTests.Site site) : IClassFixture<WorkingElementsChangeTests.Site>
{
    public sealed class Site : IAsyncLifetime
    {
        public SqliteSite Sqlite { get; } = new();

        public Task InitializeAsync() => Sqlite.InitializeAsync();

        public Task DisposeAsync() => Sqlite.DisposeAsync();
    }

    private readonly SqliteSite _site = site.Sqlite;

    private async Task<IHtmlDocument> Get(string url)
    {
        var response = await _site.CreateClient().GetAsync(url);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await new HtmlParser().ParseDocumentAsync(await response.Content.ReadAsStringAsync());
    }

    private static string? Cell(IHtmlDocument html, string element, string column)
    {
        var headers = html.QuerySelectorAll("table.matrix thead th").Select(th => th.TextContent.Trim()).ToList();
        var row = html.QuerySelectorAll("table.matrix tbody tr").SingleOrDefault(tr => tr.QuerySelector("th")!.TextContent.Trim() == element);
        var index = headers.IndexOf(column);
        return row is null || index < 0 ? null : row.Children[index].TextContent.Trim().Split(' ')[0];
    }

    private static ContentEdit Intervention(string title, string slug, string element, string? level, string project) => new(title, slug, JsonNode.Parse($$"""
        {
          "samenvatting": "Een testaanpak.",
          "aanleiding": "Aanleiding.",
          "doel": "Doel.",
          "aanpak": "Aanpak.",
          "werkzameElementen": [{ "element": ["{{element}}"], "toelichting": "Zo werkt het in de test." }],
          {{(level is null ? "" : $"\"bewijsniveau\": [\"{level}\"],")}}
          "projecten": ["{{project}}"],
          "gemeenten": ["emmen"]
        }
        """)!.AsObject());

    [Fact]
    public async Task A_draft_never_counts_and_publishing_or_unpublishing_shows_at_once()
    {
        // Energy coaches are not part of Integrated care in the seed: the cell is empty.
        Assert.True(string.IsNullOrEmpty(Cell(await Get("/werkzame-elementen"), "Energiecoach aan huis", "Integrated care")));

        string id;
        await using (var scope = _site.Scope())
        {
            var item = await _site.Get<ContentManager>(scope).CreateAsync("Intervention",
                Intervention("Concept energiecoach op school", "concept-energiecoach-op-school", "energiecoach", "0", "project-integrated-care"));
            id = item.ContentItemId;
        }
        var withDraft = await Get("/werkzame-elementen");
        Assert.True(string.IsNullOrEmpty(Cell(withDraft, "Energiecoach aan huis", "Integrated care")), "a draft was counted");
        Assert.DoesNotContain("Concept energiecoach", (await Get("/werkzame-elementen/energiecoach")).DocumentElement.TextContent, StringComparison.Ordinal);
        var csv = (await _site.CreateClient().GetStringAsync("/werkzame-elementen.csv")).Split("\r\n");
        var column = csv[0].Split(',').ToList().IndexOf("Integrated care");
        Assert.True(column > 0);
        Assert.Equal("0", csv.Single(l => l.StartsWith("energiecoach,", StringComparison.Ordinal)).Split(',')[column]);

        await using (var scope = _site.Scope()) await _site.Get<ContentManager>(scope).PublishAsync(id);
        Assert.Equal("1", Cell(await Get("/werkzame-elementen"), "Energiecoach aan huis", "Integrated care"));
        Assert.Contains("Concept energiecoach", (await Get("/werkzame-elementen/energiecoach?project=project-integrated-care")).QuerySelector(".occurrences")!.TextContent, StringComparison.Ordinal);

        await using (var scope = _site.Scope()) await _site.Get<ContentManager>(scope).UnpublishAsync(id);
        Assert.True(string.IsNullOrEmpty(Cell(await Get("/werkzame-elementen"), "Energiecoach aan huis", "Integrated care")));
    }

    [Fact]
    public async Task An_item_without_a_level_says_it_was_not_judged_yet_and_how_to_start()
    {
        await using (var scope = _site.Scope())
        {
            await _site.Get<ContentManager>(scope).CreateAsync("Intervention",
                Intervention("Nieuwe aanpak zonder oordeel", "nieuwe-aanpak-zonder-oordeel", "normaliseren", null, "project-kinderen-eerst"), new CreateOptions { Publish = true });
        }
        var html = await Get("/interventies/nieuwe-aanpak-zonder-oordeel");
        var box = html.QuerySelector("section.evidence")!;
        Assert.Equal("Nog niet beoordeeld", box.QuerySelector(".evidence__level")!.TextContent);
        Assert.Null(box.QuerySelector("[aria-current=step]"));
        Assert.Null(box.QuerySelector(".evidence__judged"));
        Assert.Contains("Wat is nodig voor een eerste trede?", box.TextContent, StringComparison.Ordinal);

        var ladder = await Get("/bewijsladder");
        Assert.Contains("Nog niet beoordeeld: 1 werkzame interventie", ladder.QuerySelector("main")!.TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_practice_links_to_recognised_interventions_that_share_its_elements()
    {
        // No seeded intervention is recognised (level 2 or higher) yet, and the page says so honestly.
        var before = await Get("/schoolpraktijken/extra-begeleiding-op-de-vo-school");
        Assert.Contains("nog geen erkende interventie", before.QuerySelector("section.evidence")!.TextContent, StringComparison.Ordinal);
        Assert.Contains("Wat is nodig voor de volgende trede?", before.QuerySelector("section.evidence")!.TextContent, StringComparison.Ordinal);

        await using (var scope = _site.Scope())
        {
            var manager = _site.Get<ContentManager>(scope);
            await manager.CreateAsync("Intervention", Intervention("Erkende aanpak dichtbij", "erkende-aanpak-dichtbij", "hulp-dichtbij", "3", "project-integrated-care"), new CreateOptions { Publish = true });
            await manager.CreateAsync("Intervention", Intervention("Erkende aanpak met energie", "erkende-aanpak-met-energie", "energiecoach", "4", "project-energiearmoede"), new CreateOptions { Publish = true });
        }
        var after = await Get("/schoolpraktijken/extra-begeleiding-op-de-vo-school");
        var links = after.QuerySelectorAll("section.evidence .plain-list li").ToList();
        var recognised = Assert.Single(links);
        Assert.Equal("/interventies/erkende-aanpak-dichtbij", recognised.QuerySelector("a")!.GetAttribute("href"));
        Assert.Contains("niveau 3; deelt Hulp dichtbij in de eigen omgeving", recognised.TextContent, StringComparison.Ordinal);

        // At level 3 the intervention itself needs no "next rung" advice in the box any more.
        var own = await Get("/interventies/erkende-aanpak-dichtbij");
        Assert.DoesNotContain("Wat is nodig voor de volgende trede?", own.QuerySelector("section.evidence")!.TextContent, StringComparison.Ordinal);
        Assert.Equal("3 Effectief – eerste aanwijzingen", own.QuerySelector(".ladder [aria-current=step] a")!.TextContent);
        Assert.Contains("Wie dit niveau gaf en wanneer, is niet vastgelegd.", own.QuerySelector(".evidence__judged")!.TextContent, StringComparison.Ordinal);
    }
}
