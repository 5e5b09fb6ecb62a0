using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using AngleSharp.Dom;
using AngleSharp.Html.Dom;
using AngleSharp.Html.Parser;
using LerendeRegio.Tests;
using LerendeRegio.Web.Elements;

namespace LerendeRegio.IntegrationTests;

/// <summary>
/// The werkzame-elementen matrix, element pages, the evidence ladder and related content, computed from the seeded
/// content and checked against what the seed files (written from the source documents) say.
/// </summary>
public sealed class WorkingElementsTests(SqliteSite site) : IClassFixture<SqliteSite>
{
    private readonly HttpClient _client = site.CreateClient(new() { AllowAutoRedirect = false });

    private async Task<(HttpStatusCode Status, IHtmlDocument Html)> Get(string url)
    {
        var response = await _client.GetAsync(url);
        return (response.StatusCode, await new HtmlParser().ParseDocumentAsync(await response.Content.ReadAsStringAsync()));
    }

    /// <summary>The seed files as an author wrote them: id → (type, fields).</summary>
    private static readonly Lazy<Dictionary<string, (string Type, JsonObject Fields)>> Seed = new(() =>
        Directory.EnumerateFiles(RepositoryPaths.ContentSeed, "*.json", SearchOption.AllDirectories)
            .Select(f => JsonNode.Parse(File.ReadAllText(f))!.AsObject())
            .ToDictionary(o => (string)o["id"]!, o => ((string)o["type"]!, o["fields"]!.AsObject())));

    private static IEnumerable<string> Strings(JsonNode? node) => node is JsonArray a ? a.Select(n => (string)n!) : [];

    /// <summary>Elements of a seed item: a list of {element, toelichting} or a plain list of term ids (lessons).</summary>
    private static IEnumerable<string> SeedElements(JsonObject fields) => fields["werkzameElementen"] switch
    {
        JsonArray a when a.All(n => n is JsonObject) => a.SelectMany(n => Strings(n!["element"])),
        var other => Strings(other),
    };

    private static IEnumerable<string> SeedProjects(JsonObject fields) => Strings(fields["projecten"]).Concat(Strings(fields["project"]));

    private static (List<string> Headers, IElement Row) MatrixRow(IHtmlDocument html, string element)
    {
        var headers = html.QuerySelectorAll("table.matrix thead th").Select(th => th.TextContent.Trim()).ToList();
        var row = html.QuerySelectorAll("table.matrix tbody tr").Single(tr => tr.QuerySelector("th")!.TextContent.Trim() == element);
        return (headers, row);
    }

    private static string Cell(List<string> headers, IElement row, string column)
    {
        var index = headers.IndexOf(column);
        Assert.True(index > 0, $"column '{column}' missing; columns: {string.Join(" | ", headers)}");
        return row.Children[index].TextContent.Trim();
    }

    [Fact]
    public async Task Support_close_to_home_recurs_in_Integrated_care_and_Jeugdhulp_gewoon_dichtbij()
    {
        var (status, html) = await Get("/werkzame-elementen");
        Assert.Equal(HttpStatusCode.OK, status);
        var (headers, row) = MatrixRow(html, "Hulp dichtbij in de eigen omgeving");

        // Expected from the seed files, counted independently of the site's code.
        var carriers = Seed.Value.Where(s => s.Value.Type != "Project" && SeedElements(s.Value.Fields).Contains("hulp-dichtbij")).ToList();
        foreach (var (project, title) in new[] { ("project-integrated-care", "Integrated care"), ("project-jeugdhulp-gewoon-dichtbij", "Jeugdhulp gewoon dichtbij") })
        {
            var expected = carriers.Count(c => SeedProjects(c.Value.Fields).Contains(project));
            Assert.True(expected >= 1);
            Assert.StartsWith(expected.ToString(System.Globalization.CultureInfo.InvariantCulture), Cell(headers, row, title), StringComparison.Ordinal);
            var link = row.Children[headers.IndexOf(title)].QuerySelector("a")!.GetAttribute("href");
            Assert.Equal($"/werkzame-elementen/hulp-dichtbij?project={project}", link);
        }
        var projects = carriers.SelectMany(c => SeedProjects(c.Value.Fields)).Distinct().Count();
        Assert.Contains($"komt terug in {projects} projecten in ", row.QuerySelector(".matrix__total")!.TextContent, StringComparison.Ordinal);

        // The cell's link lists exactly the items behind it, with how the element works there in the item's own words.
        var (_, cell) = await Get("/werkzame-elementen/hulp-dichtbij?project=project-jeugdhulp-gewoon-dichtbij");
        var titles = cell.QuerySelectorAll(".occurrence h4 a").Select(a => a.GetAttribute("href")).ToList();
        Assert.Contains("/interventies/jeugdhulp-gewoon-dichtbij", titles);
        Assert.Contains("/schoolpraktijken/extra-begeleiding-op-de-vo-school", titles);
        Assert.Equal(carriers.Count(c => SeedProjects(c.Value.Fields).Contains("project-jeugdhulp-gewoon-dichtbij") && c.Value.Type != "LessonLearned"), titles.Count);
        var explanation = Seed.Value["intervention-jeugdhulp-gewoon-dichtbij"].Fields["werkzameElementen"]!.AsArray()
            .First(e => Strings(e!["element"]).Contains("hulp-dichtbij"))!["toelichting"]!.GetValue<string>();
        Assert.Contains(explanation, cell.QuerySelector(".occurrences")!.TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_matrix_counts_every_item_with_elements_and_the_summary_says_so_in_words()
    {
        var (_, html) = await Get("/werkzame-elementen");
        var withElements = Seed.Value.Values.Where(s => s.Type != "Project" && SeedElements(s.Fields).Any()).ToList();
        var summary = html.QuerySelector(".plain-summary")!.TextContent;
        Assert.Contains($"{withElements.Count(s => s.Type == "Intervention")} werkzame interventies", summary, StringComparison.Ordinal);
        Assert.Contains($"{withElements.Count(s => s.Type == "SchoolPractice")} schoolpraktijken", summary, StringComparison.Ordinal);
        Assert.Contains($"{withElements.Count(s => s.Type == "LessonLearned")} geleerde lessen", summary, StringComparison.Ordinal);
        var rows = html.QuerySelectorAll("table.matrix tbody tr").Length;
        Assert.Equal(withElements.SelectMany(s => SeedElements(s.Fields)).Distinct().Count(), rows);

        // Accessible table: a caption, column and row headers, a focusable scrolling region named by the caption.
        Assert.NotNull(html.QuerySelector("table.matrix caption#matrix-titel"));
        Assert.All(html.QuerySelectorAll("table.matrix thead th"), th => Assert.Equal("col", th.GetAttribute("scope")));
        Assert.All(html.QuerySelectorAll("table.matrix tbody th"), th => Assert.Equal("row", th.GetAttribute("scope")));
        var region = html.QuerySelector(".matrix-scroll")!;
        Assert.Equal(("region", "0", "matrix-titel"), (region.GetAttribute("role"), region.GetAttribute("tabindex"), region.GetAttribute("aria-labelledby")));

        // Most frequent first: the number of projects never rises going down.
        var counts = html.QuerySelectorAll("table.matrix tbody .matrix__total")
            .Select(td => System.Text.RegularExpressions.Regex.Match(td.TextContent, @"in (\d+) project") is { Success: true } m ? int.Parse(m.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture) : 0).ToList();
        Assert.Equal(counts.OrderByDescending(c => c), counts);
    }

    [Fact]
    public async Task Sorting_by_name_orders_the_rows_alphabetically_and_the_list_view_has_the_same_elements()
    {
        var (_, byName) = await Get("/werkzame-elementen?sorteer=naam");
        var names = byName.QuerySelectorAll("table.matrix tbody th").Select(th => th.TextContent.Trim()).ToList();
        Assert.Equal(names.Order(Dutch.Order), names);
        Assert.Equal("true", byName.QuerySelector("a[href='/werkzame-elementen?sorteer=naam']")!.GetAttribute("aria-current"));

        var (_, list) = await Get("/werkzame-elementen?sorteer=naam&weergave=lijst");
        Assert.Null(list.QuerySelector("table.matrix"));
        Assert.Equal(names, list.QuerySelectorAll(".element-list > li > h2").Select(h => h.TextContent.Trim()));
    }

    [Theory]
    [InlineData("gemeente=hardenberg", "Jeugdhulp gewoon dichtbij", "Integrated care")]
    [InlineData("doelgroep=12-18", "Jeugdhulp gewoon dichtbij", "Integrated care")]
    [InlineData("pijler=wonen", "Energiearmoede", "Kansen4Kinderen")]
    [InlineData("gemeente=emmen&gemeente=hardenberg", "Integrated care", "Kinderen eerst")]
    [InlineData("bewijsniveau=1", "Buiten de projecten", "Kansen4Kinderen")]
    public async Task Filters_narrow_the_matrix_with_a_shareable_get_url(string query, string present, string absent)
    {
        var (status, html) = await Get("/werkzame-elementen?" + query);
        Assert.Equal(HttpStatusCode.OK, status);
        var headers = html.QuerySelectorAll("table.matrix thead th").Select(th => th.TextContent.Trim()).ToList();
        Assert.Contains(present, headers);
        Assert.DoesNotContain(absent, headers);
        foreach (var pair in query.Split('&'))
        {
            var (name, value) = (pair.Split('=')[0], pair.Split('=')[1]);
            Assert.True(((IHtmlInputElement)html.QuerySelector($"#f-{name}-{value}")!).IsChecked);
        }
        Assert.Contains("met de gekozen filters", html.QuerySelector(".plain-summary")!.TextContent.Replace("die passen bij de gekozen filters", "met de gekozen filters", StringComparison.Ordinal), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_school_practice_counts_under_the_pillar_of_its_project()
    {
        // School practices have no pillar field; Kansen4Kinderen is Welzijn, so its practices count under Welzijn.
        var (_, html) = await Get("/werkzame-elementen?pijler=welzijn");
        var (headers, row) = MatrixRow(html, "Kansencoach op school");
        var expected = Seed.Value.Count(s => SeedElements(s.Value.Fields).Contains("kansencoach-op-school") && SeedProjects(s.Value.Fields).Contains("project-kansen4kinderen"));
        Assert.True(expected >= 2, "an intervention and a practice");
        Assert.StartsWith(expected.ToString(System.Globalization.CultureInfo.InvariantCulture), Cell(headers, row, "Kansen4Kinderen"), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("/werkzame-elementen?gemeente=atlantis", "'atlantis' is geen bekende waarde van gemeente.")]
    [InlineData("/werkzame-elementen?kleur=rood", "Op 'kleur' kun je hier niet filteren.")]
    [InlineData("/werkzame-elementen?sorteer=willekeurig", "'willekeurig' is geen manier van sorteren.")]
    [InlineData("/werkzame-elementen?project=project-integrated-care", "Op 'project' kun je hier niet filteren.")]
    [InlineData("/werkzame-elementen/hulp-dichtbij?project=bestaat-niet", "'bestaat-niet' is geen gepubliceerd project.")]
    [InlineData("/werkzame-elementen/hulp-dichtbij?bewijsniveau=9", "'9' is geen bekende waarde van bewijsniveau.")]
    public async Task Bad_input_gets_a_400_with_a_Dutch_explanation(string url, string message)
    {
        var (status, html) = await Get(url);
        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Contains(message, html.QuerySelector("[role=alert]")!.TextContent, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("/werkzame-elementen/bestaat-niet")]
    [InlineData("/werkzame-elementen/Hulp%20dichtbij")]
    public async Task An_unknown_element_is_a_404(string url)
    {
        var (status, _) = await Get(url);
        Assert.Equal(HttpStatusCode.NotFound, status);
    }

    [Fact]
    public async Task The_csv_is_the_matrix_in_UTF8_with_a_BOM_and_the_documented_columns()
    {
        var response = await _client.GetAsync("/werkzame-elementen.csv?gemeente=hardenberg&gemeente=emmen");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/csv", response.Content.Headers.ContentType!.MediaType);
        var bytes = await response.Content.ReadAsByteArrayAsync();
        Assert.Equal(Encoding.UTF8.GetPreamble(), bytes[..3]);
        var lines = Encoding.UTF8.GetString(bytes[3..]).Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        var header = lines[0].Split(',');
        Assert.Equal(ElementMatrixCsv.FixedColumns, header[..ElementMatrixCsv.FixedColumns.Length]);

        var (_, html) = await Get("/werkzame-elementen?gemeente=hardenberg&gemeente=emmen");
        var pageHeaders = html.QuerySelectorAll("table.matrix thead th").Skip(2).Select(th => th.TextContent.Trim()).ToList();
        Assert.Equal(pageHeaders.Select(h => h == "Buiten de projecten" ? "buiten de projecten" : h), header[ElementMatrixCsv.FixedColumns.Length..].Select(h => h.Trim('"')));
        var row = lines.Single(l => l.StartsWith("hulp-dichtbij,", StringComparison.Ordinal)).Split(',');
        var (headers, pageRow) = MatrixRow(html, "Hulp dichtbij in de eigen omgeving");
        // Every cell of the row agrees with the page: the number shown, or 0 for an empty cell.
        for (var i = 0; i < pageHeaders.Count; i++)
        {
            var shown = pageRow.Children[i + 2].TextContent.Trim().Split(' ')[0];
            Assert.Equal(shown.Length == 0 ? "0" : shown, row[ElementMatrixCsv.FixedColumns.Length + i]);
        }
        Assert.Contains(row.Skip(ElementMatrixCsv.FixedColumns.Length), c => c != "0");
        Assert.EndsWith("/werkzame-elementen/hulp-dichtbij", row[2], StringComparison.Ordinal);

        var bad = await _client.GetAsync("/werkzame-elementen.csv?gemeente=atlantis");
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        Assert.Equal("application/problem+json", bad.Content.Headers.ContentType!.MediaType);
        var problem = JsonDocument.Parse(await bad.Content.ReadAsStringAsync()).RootElement;
        Assert.Contains("'atlantis' is geen bekende waarde van gemeente.", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_element_page_has_its_definition_synonyms_places_and_lessons()
    {
        var (status, html) = await Get("/werkzame-elementen/samenwerking-huisarts-welzijn");
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal("Samenwerking huisarts–welzijn", html.QuerySelector("h1")!.TextContent);
        Assert.False(string.IsNullOrWhiteSpace(html.QuerySelector(".lead")!.TextContent));
        Assert.DoesNotContain("nog geen omschrijving", html.QuerySelector(".lead")!.TextContent, StringComparison.Ordinal);
        Assert.Contains("poh jeugd", html.QuerySelector("p.meta")!.TextContent, StringComparison.Ordinal);
        var projects = html.QuerySelectorAll("#waar ~ ul.chips a").Select(a => a.TextContent).ToList();
        Assert.Contains(projects, p => p.StartsWith("Kinderen eerst", StringComparison.Ordinal));
        Assert.Contains(projects, p => p.StartsWith("Impuls Positieve Gezondheid", StringComparison.Ordinal));
        var municipalities = html.QuerySelectorAll("a.chip[href^='/werkzame-elementen?gemeente=']").Select(a => a.TextContent).ToList();
        Assert.Contains("Aa en Hunze", municipalities);

        // Lessons tagged with the element in the seed are "what was learned".
        var lessons = html.QuerySelectorAll("#geleerd ~ .cards .card h3 a").Select(a => a.GetAttribute("href")).ToList();
        var expected = Seed.Value.Where(s => s.Value.Type == "LessonLearned" && SeedElements(s.Value.Fields).Contains("samenwerking-huisarts-welzijn")).Select(s => s.Key).ToList();
        Assert.NotEmpty(expected);
        Assert.Equal(expected.Count, lessons.Count);
        Assert.Contains("/lessen/maatschappelijk-werker-bij-huisarts-minder-doorverwijzing", lessons);
    }

    [Fact]
    public async Task The_evidence_box_shows_level_judge_date_and_the_next_rung()
    {
        var (_, html) = await Get("/interventies/mentor4you");
        var box = html.QuerySelector("section.evidence")!;
        Assert.Contains("1 Goed beschreven", box.QuerySelector(".evidence__level")!.TextContent, StringComparison.Ordinal);
        var seed = Seed.Value["intervention-mentor4you"].Fields;
        Assert.Contains($"Beoordeeld door {seed["bewijsniveauOordeelDoor"]}, op", box.QuerySelector(".evidence__judged")!.TextContent, StringComparison.Ordinal);
        Assert.Equal((string)seed["bewijsniveauDatum"]!, box.QuerySelector(".evidence__judged time")!.GetAttribute("datetime"));
        Assert.Equal("1 Goed beschreven", box.QuerySelector(".ladder [aria-current=step] a")!.TextContent);
        Assert.Contains("Wat is nodig voor de volgende trede?", box.TextContent, StringComparison.Ordinal);
        Assert.Contains("Leg uit waarom de aanpak werkt", box.TextContent, StringComparison.Ordinal);
        Assert.NotNull(box.QuerySelector("a[href='/bewijsladder']"));
        // The judgement is shown once, in the box, not again as loose fields.
        Assert.DoesNotContain(html.QuerySelectorAll(".field__label"), l => l.TextContent is "Beoordeeld door" or "Beoordeeld op");

        var (_, lesson) = await Get("/lessen/woningeigenaren-willen-niet-lenen-voor-verduurzaming");
        Assert.Null(lesson.QuerySelector("section.evidence"));
    }

    [Fact]
    public async Task The_ladder_page_explains_six_rungs_with_live_counts()
    {
        var (status, html) = await Get("/bewijsladder");
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal(6, html.QuerySelectorAll(".ladder-step").Length);
        foreach (var level in Enumerable.Range(0, 6)) Assert.NotNull(html.QuerySelector($"#niveau-{level}"));
        var atZero = Seed.Value.Values.Count(s => s.Type == "Intervention" && Strings(s.Fields["bewijsniveau"]).Contains("0"));
        Assert.Equal($"{atZero} werkzame interventies", html.QuerySelector("#niveau-0 a[href='/interventies?bewijsniveau=0']")!.TextContent);
        Assert.Contains("nog niet beoordeeld", html.QuerySelector("main")!.TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Related_content_explains_why_with_shared_elements_themes_and_target_group()
    {
        var (_, html) = await Get("/interventies/jeugdhulp-gewoon-dichtbij");
        var items = html.QuerySelectorAll("#verwant ~ .related .related__item").ToList();
        Assert.InRange(items.Count, 1, RelatedContent.Max);
        // The practice at the same school shares all four of the intervention's elements; so do Integrated care and
        // Kinderen eerst, which also share themes and a target group. All come before anything sharing fewer elements.
        var mine = SeedElements(Seed.Value["intervention-jeugdhulp-gewoon-dichtbij"].Fields).ToHashSet();
        string Href(IElement i) => i.QuerySelector("h3 a")!.GetAttribute("href")!;
        string Reasons(IElement i) => i.QuerySelector(".meta")!.TextContent;
        foreach (var (id, url) in new[] { ("practice-extra-begeleiding-op-de-vo-school", "/schoolpraktijken/extra-begeleiding-op-de-vo-school"), ("intervention-integrated-care", "/interventies/integrated-care") })
        {
            var shared = mine.Intersect(SeedElements(Seed.Value[id].Fields)).Count();
            Assert.Equal(4, shared);
            var index = items.FindIndex(i => Href(i) == url);
            Assert.True(index >= 0, $"{url} not among the related items");
            Assert.DoesNotContain(items.Take(index), i => !Reasons(i).StartsWith("deelt 4 ", StringComparison.Ordinal));
            Assert.StartsWith($"deelt {shared} werkzame elementen: ", Reasons(items[index]), StringComparison.Ordinal);
        }
        Assert.Contains("zelfde thema", Reasons(items[0]), StringComparison.Ordinal);
        Assert.DoesNotContain(items, i => i.QuerySelector("h3 a")!.GetAttribute("href") == "/interventies/jeugdhulp-gewoon-dichtbij");

        // Projects are compared with projects, by what works in them and by theme.
        var (_, project) = await Get("/projecten/integrated-care");
        var related = project.QuerySelectorAll("#verwant ~ .related .related__item").ToList();
        Assert.Contains(related, r => r.QuerySelector("h3 a")!.GetAttribute("href") == "/projecten/jeugdhulp-gewoon-dichtbij");
        Assert.All(related, r => Assert.Equal("Project", r.QuerySelector(".card__type")!.TextContent));
        Assert.Contains(related, r => r.QuerySelector(".meta")!.TextContent.Contains("zelfde thema", StringComparison.Ordinal));
    }

    [Fact]
    public async Task The_navigation_links_to_the_matrix()
    {
        var (_, home) = await Get("/");
        Assert.NotNull(home.QuerySelector(".site-nav a[href='/werkzame-elementen']"));
        var (_, matrix) = await Get("/werkzame-elementen");
        Assert.Equal("page", matrix.QuerySelector(".site-nav a[href='/werkzame-elementen']")!.GetAttribute("aria-current"));
    }
}

/// <summary>The matrix, an element page and a detail page with related content read the same on PostgreSQL.</summary>
public sealed class PostgresWorkingElementsTests(PostgresSite site) : IClassFixture<PostgresSite>
{
    [Theory]
    [InlineData("/werkzame-elementen", "Hulp dichtbij in de eigen omgeving")]
    [InlineData("/werkzame-elementen/hulp-dichtbij?project=project-integrated-care", "Integrated care: onderwijscoach en gezinscoach op school")]
    [InlineData("/interventies/jeugdhulp-gewoon-dichtbij", "deelt 4 werkzame elementen")]
    [InlineData("/bewijsladder", "Effectief – sterke aanwijzingen")]
    public async Task Pages_answer_from_the_published_content_graph(string url, string expected)
    {
        var response = await site.CreateClient().GetAsync(url);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains(expected, await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }
}
