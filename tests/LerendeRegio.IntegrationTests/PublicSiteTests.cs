using System.Net;
using System.Text.Json.Nodes;
using AngleSharp.Html.Dom;
using AngleSharp.Html.Parser;
using LerendeRegio.Web.Content;

namespace LerendeRegio.IntegrationTests;

/// <summary>The public pages as a visitor gets them over HTTP, on the seeded site.</summary>
public sealed class PublicSiteTests(SqliteSite site) : IClassFixture<SqliteSite>
{
    private readonly HttpClient _client = site.CreateClient(new() { AllowAutoRedirect = false });

    private async Task<(HttpStatusCode Status, IHtmlDocument Html)> Get(string url)
    {
        var response = await _client.GetAsync(url);
        var html = await new HtmlParser().ParseDocumentAsync(await response.Content.ReadAsStringAsync());
        return (response.StatusCode, html);
    }

    [Fact]
    public async Task Health_answers_ok_when_setup_is_done()
    {
        var response = await _client.GetAsync("/health");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("ok", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task The_theme_stylesheet_is_fingerprinted_and_cached_for_a_year_when_run_from_the_build_output()
    {
        // The site runs from its build output (README: dotnet run), whose static-assets manifest would otherwise switch
        // on ASP.NET Core's development reload: no-cache on every asset and a file lookup on disk for every request.
        var (_, html) = await Get("/");
        var stylesheet = html.QuerySelector("link[rel=stylesheet]")?.GetAttribute("href");
        Assert.NotNull(stylesheet);
        Assert.Matches(@"^/_content/[^/]+/css/site\.[a-z0-9]+\.css$", stylesheet);
        var response = await _client.GetAsync(stylesheet);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(TimeSpan.FromDays(365), response.Headers.CacheControl?.MaxAge);
        Assert.Contains("immutable", response.Headers.CacheControl?.ToString());
        Assert.False(response.Headers.CacheControl?.NoCache);
    }

    [Fact]
    public async Task Home_shows_what_is_new_and_entry_points_per_type_pillar_and_theme()
    {
        var (status, html) = await Get("/");
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal("nl", html.DocumentElement.GetAttribute("lang"));
        Assert.NotEmpty(html.QuerySelectorAll("#nieuw ~ .cards .card"));
        var links = html.QuerySelectorAll("a").Select(a => a.GetAttribute("href")).ToList();
        Assert.Contains("/interventies", links);
        Assert.Contains("/schoolpraktijken", links);
        Assert.Contains("/lessen", links);
        Assert.Contains("/projecten", links);
        Assert.Contains("/onderwerpen/pijler/welzijn", links);
        Assert.Contains("/onderwerpen/thema/kansen-voor-kinderen", links);
    }

    [Fact]
    public async Task A_list_filters_by_terms_with_counts_and_pages()
    {
        var (status, all) = await Get("/projecten");
        Assert.Equal(HttpStatusCode.OK, status);
        var total = int.Parse(all.QuerySelector(".result-count")!.TextContent.Split(' ')[0]);
        Assert.True(total >= 35);
        Assert.Equal(12, all.QuerySelectorAll(".cards .card").Length);
        Assert.NotNull(all.QuerySelector("a[rel=next][href='/projecten?pagina=2']"));

        var welzijnCount = int.Parse(all.QuerySelector("label[for='f-pijler-welzijn'] .count")!.TextContent.Trim('(', ')'));
        var (_, filtered) = await Get("/projecten?pijler=welzijn");
        Assert.Equal(welzijnCount, int.Parse(filtered.QuerySelector(".result-count")!.TextContent.Split(' ')[0]));
        Assert.True(((IHtmlInputElement)filtered.QuerySelector("#f-pijler-welzijn")!).IsChecked);

        var (lastStatus, last) = await Get($"/projecten?pagina={(total + 11) / 12}");
        Assert.Equal(HttpStatusCode.OK, lastStatus);
        Assert.Equal(total - (((total + 11) / 12) - 1) * 12, last.QuerySelectorAll(".cards .card").Length);
    }

    [Theory]
    [InlineData("/interventies?thema=bestaat-niet", "'bestaat-niet' is geen bekende waarde van thema.")]
    [InlineData("/interventies?kleur=rood", "Op 'kleur' kun je bij werkzame interventies niet filteren.")]
    [InlineData("/interventies?pagina=abc", "'abc' is geen geldig paginanummer.")]
    [InlineData("/interventies?pagina=-1", "'-1' is geen geldig paginanummer.")]
    [InlineData("/onderwerpen/thema/kansen-voor-kinderen?pagina=nul", "Dat is geen geldig paginanummer.")]
    public async Task Bad_input_gets_a_400_with_a_Dutch_explanation(string url, string message)
    {
        var (status, html) = await Get(url);
        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Contains(message, html.QuerySelector("[role=alert]")!.TextContent, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("/bestaat-niet")]
    [InlineData("/interventies/bestaat-niet")]
    [InlineData("/interventies/..%2F..%2Fetc")]
    [InlineData("/onderwerpen/thema/bestaat-niet")]
    [InlineData("/projecten?pagina=999")]
    public async Task Unknown_pages_get_a_Dutch_404(string url)
    {
        var (status, html) = await Get(url);
        Assert.Equal(HttpStatusCode.NotFound, status);
        Assert.Equal("Pagina niet gevonden", html.QuerySelector("h1")!.TextContent);
    }

    [Fact]
    public async Task A_detail_page_renders_fields_links_and_facts()
    {
        var (status, html) = await Get("/interventies/mentor4you");
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.StartsWith("Mentor4You", html.QuerySelector("h1")!.TextContent, StringComparison.Ordinal);
        Assert.NotNull(html.QuerySelector(".lead"));
        Assert.Contains("Van 12 jaar tot 23 jaar", html.QuerySelector(".facts")!.TextContent, StringComparison.Ordinal);
        Assert.NotEmpty(html.QuerySelectorAll(".facts a.chip[href^='/onderwerpen/']"));
        Assert.Contains(html.QuerySelectorAll("h2"), h => h.TextContent == "Werkzame elementen");
    }

    [Fact]
    public async Task A_project_page_shows_everything_linked_to_it()
    {
        var (status, html) = await Get("/projecten/kansen4kinderen");
        Assert.Equal(HttpStatusCode.OK, status);
        var section = html.QuerySelector("[aria-labelledby=verwijzingen]")!;
        Assert.Contains(section.QuerySelectorAll("h3"), h => h.TextContent.StartsWith("Schoolpraktijk", StringComparison.Ordinal));
        Assert.Contains(section.QuerySelectorAll("a"), a => a.GetAttribute("href")!.StartsWith("/schoolpraktijken/", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_term_page_lists_items_of_all_types_with_that_term()
    {
        var (status, html) = await Get("/onderwerpen/werkzaam-element/hulp-dichtbij");
        Assert.Equal(HttpStatusCode.OK, status);
        var types = html.QuerySelectorAll(".card__type").Select(t => t.TextContent).Distinct().ToList();
        Assert.True(types.Count >= 2, string.Join(", ", types));
    }

    [Fact]
    public async Task Drafts_never_show_and_a_publication_shows_at_once_despite_the_page_cache()
    {
        var (_, before) = await Get("/lessen");
        var countBefore = int.Parse(before.QuerySelector(".result-count")!.TextContent.Split(' ')[0]);

        string id;
        await using (var scope = site.Scope())
        {
            var edit = new ContentEdit("Een les die nog concept is", "concept-les", JsonNode.Parse("""
                {"samenvatting":"Nog niet af.","aanleiding":"a","les":"b","soort":["negatief"]}
                """)!.AsObject());
            id = (await site.Get<ContentManager>(scope).CreateAsync("LessonLearned", edit)).ContentItemId;
        }
        Assert.Equal(HttpStatusCode.NotFound, (await Get("/lessen/concept-les")).Status);
        var (_, withDraft) = await Get("/lessen");
        Assert.Equal(countBefore, int.Parse(withDraft.QuerySelector(".result-count")!.TextContent.Split(' ')[0]));

        await using (var scope = site.Scope()) await site.Get<ContentManager>(scope).PublishAsync(id);
        Assert.Equal(HttpStatusCode.OK, (await Get("/lessen/concept-les")).Status);
        var (_, after) = await Get("/lessen");
        Assert.Equal(countBefore + 1, int.Parse(after.QuerySelector(".result-count")!.TextContent.Split(' ')[0]));

        await using (var scope = site.Scope()) await site.Get<ContentManager>(scope).DeleteAsync(id);
        Assert.Equal(HttpStatusCode.NotFound, (await Get("/lessen/concept-les")).Status);
    }

    [Fact]
    public async Task Markdown_in_content_cannot_inject_markup()
    {
        await using (var scope = site.Scope())
        {
            var edit = new ContentEdit("Les met listige opmaak", "listige-opmaak", JsonNode.Parse("""
                {"samenvatting":"x","aanleiding":"<script>alert('x')</script> [klik](javascript:alert(1))","les":"**vet**","soort":["positief"]}
                """)!.AsObject());
            await site.Get<ContentManager>(scope).CreateAsync("LessonLearned", edit, new CreateOptions { Publish = true });
        }
        var response = await _client.GetStringAsync("/lessen/listige-opmaak");
        Assert.DoesNotContain("<script>alert", response, StringComparison.Ordinal);
        Assert.DoesNotContain("javascript:", response, StringComparison.Ordinal);
        Assert.Contains("<strong>vet</strong>", response, StringComparison.Ordinal);
    }
}
