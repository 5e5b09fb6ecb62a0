using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using LerendeRegio.Web.Content;
using LerendeRegio.Web.Data;
using LerendeRegio.Web.Search;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace LerendeRegio.IntegrationTests;

/// <summary>Search on the seeded content, through the service and through /api/search and /zoeken.</summary>
public sealed class SearchTests(SqliteSite site) : IClassFixture<SqliteSite>
{
    private readonly HttpClient _client = site.CreateClient();

    private async Task<JsonElement> Api(string query)
    {
        var response = await _client.GetAsync("/api/search?" + query);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
    }

    private async Task SearchCaughtUp()
    {
        await using var scope = site.Scope();
        var last = await site.Get<LerendeRegioDbContext>(scope).ChangeLog.MaxAsync(c => c.Sequence);
        await site.Services.GetRequiredService<SearchIndex>().WaitForAsync(last).WaitAsync(TimeSpan.FromSeconds(10));
    }

    private static IEnumerable<string> Titles(JsonElement result) => result.GetProperty("hits").EnumerateArray().Select(h => h.GetProperty("title").GetString()!);

    /// <summary>
    /// The search answer writes its own JSON (SearchAnswer); it must be byte for byte what the serializer writes for the
    /// response record with the site's API options, for awkward text too: markup, quotes, accents, line separators,
    /// control characters, emoji; and the same when serialized without the API's filter.
    /// </summary>
    [Fact]
    public void The_search_answer_writes_the_same_json_as_the_serializer()
    {
        var options = site.Services.GetRequiredService<Microsoft.Extensions.Options.IOptions<Microsoft.AspNetCore.Http.Json.JsonOptions>>().Value.SerializerOptions;
        const string awkward = "<mark>basisscholen</mark> & \"ouders\" 'samen' – enquête\u2028regel\u0001 😀 \\ /";
        var when = new DateTime(2026, 12, 4, 0, 0, 0, DateTimeKind.Utc);
        SearchResult[] results =
        [
            new(0, [], [], null, false, 1, 10),
            new(1234,
                [new("id-1", "Intervention", awkward, "/interventies/één", null, awkward, 1.5f, when), new("id-2", "Project", "Titel", "/projecten/x", "samenvatting", "", 0, when)],
                [new("thema", "Thema", [new("kansen-voor-kinderen", awkward, 14, true), new("armoede", "Armoede", 0, false)]), new("pijler", "Pijler", [])],
                "kansencoach", true, 3, 50),
        ];
        foreach (var result in results)
        {
            var expected = System.Text.Encoding.UTF8.GetString(JsonSerializer.SerializeToUtf8Bytes(SearchApi.SearchResponse.From(result), options));
            var written = LerendeRegio.Web.Api.ConditionalGet.Serialize(new SearchAnswer(result), options);
            Assert.Equal(expected, System.Text.Encoding.UTF8.GetString(written.WrittenSpan));
            written.Return();
            Assert.Equal(expected, JsonSerializer.Serialize(new SearchAnswer(result), options));
        }
    }

    [Theory]
    [InlineData("schulden voorkomen", "Vroegsignalering")]
    [InlineData("mentor jongeren", "Mentor4You")]
    [InlineData("energiecoach", "Energiecoaches")]
    [InlineData("ouderbetrokkenheid", "Ouders")]
    public async Task Realistic_questions_find_the_right_item_first(string q, string expectedStart)
    {
        await SearchCaughtUp();
        var result = await Api("q=" + Uri.EscapeDataString(q));
        Assert.StartsWith(expectedStart, Titles(result).First(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_typo_still_finds_and_suggests_the_right_word()
    {
        await SearchCaughtUp();
        var result = await Api("q=kansencoatch");
        Assert.Equal("kansencoach", result.GetProperty("didYouMean").GetString());
        Assert.True(result.GetProperty("approximate").GetBoolean());
        Assert.Contains(Titles(result), t => t.Contains("ansencoach", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Synonyms_from_the_vocabularies_count_as_the_word()
    {
        await SearchCaughtUp();
        // "jeugdzorg" is a synonym of the theme "De juiste hulp met minder hulpverleners" (and jeugdhulp).
        var jeugdzorg = await Api("q=jeugdzorg&pageSize=50");
        var jeugdhulp = await Api("q=jeugdhulp&pageSize=50");
        Assert.True(jeugdzorg.GetProperty("total").GetInt32() > 0);
        Assert.NotEmpty(Titles(jeugdzorg).Intersect(Titles(jeugdhulp)));
    }

    [Fact]
    public async Task Curated_synonyms_from_the_recipe_expand_abbreviations()
    {
        await SearchCaughtUp();
        // "po" is nowhere in the content as a word; the recipe's search synonyms make it primair onderwijs / basisschool.
        var po = await Api("q=po&pageSize=50");
        var basisschool = await Api("q=basisschool&pageSize=50");
        Assert.True(po.GetProperty("total").GetInt32() > 0);
        Assert.NotEmpty(Titles(po).Intersect(Titles(basisschool)));
    }

    [Fact]
    public async Task Facets_count_the_results_and_filters_narrow_them()
    {
        await SearchCaughtUp();
        var all = await Api("q=school");
        var total = all.GetProperty("total").GetInt32();
        var types = all.GetProperty("facets").EnumerateArray().Single(f => f.GetProperty("name").GetString() == "type");
        Assert.Equal(total, types.GetProperty("values").EnumerateArray().Sum(v => v.GetProperty("count").GetInt32()));

        var pillar = all.GetProperty("facets").EnumerateArray().Single(f => f.GetProperty("name").GetString() == "pijler")
            .GetProperty("values").EnumerateArray().First();
        var filtered = await Api($"q=school&pijler={pillar.GetProperty("id").GetString()}");
        Assert.Equal(pillar.GetProperty("count").GetInt32(), filtered.GetProperty("total").GetInt32());
        // The chosen facet keeps showing its other values with their counts.
        var pillarsAfter = filtered.GetProperty("facets").EnumerateArray().Single(f => f.GetProperty("name").GetString() == "pijler").GetProperty("values");
        Assert.True(pillarsAfter.GetArrayLength() > 1);
    }

    [Fact]
    public async Task Drafts_are_never_found_and_publish_unpublish_delete_are_followed()
    {
        string id;
        await using (var scope = site.Scope())
        {
            var edit = new ContentEdit("Zwaluwstaartverbinding bij dorpshuizen", null, JsonNode.Parse("""{"samenvatting":"Een proef.","aanleiding":"a","les":"b","soort":["positief"]}""")!.AsObject());
            id = (await site.Get<ContentManager>(scope).CreateAsync("LessonLearned", edit)).ContentItemId;
        }
        await SearchCaughtUp();
        Assert.Equal(0, (await Api("q=zwaluwstaartverbinding")).GetProperty("total").GetInt32());

        await using (var scope = site.Scope()) await site.Get<ContentManager>(scope).PublishAsync(id);
        await SearchCaughtUp();
        Assert.Equal(1, (await Api("q=zwaluwstaartverbinding")).GetProperty("total").GetInt32());

        await using (var scope = site.Scope()) await site.Get<ContentManager>(scope).UnpublishAsync(id);
        await SearchCaughtUp();
        Assert.Equal(0, (await Api("q=zwaluwstaartverbinding")).GetProperty("total").GetInt32());

        await using (var scope = site.Scope())
        {
            await site.Get<ContentManager>(scope).PublishAsync(id);
            await site.Get<ContentManager>(scope).DeleteAsync(id);
        }
        await SearchCaughtUp();
        Assert.Equal(0, (await Api("q=zwaluwstaartverbinding")).GetProperty("total").GetInt32());
    }

    [Theory]
    [InlineData("q=%22onafgesloten")]
    [InlineData("q=(((")]
    [InlineData("q=*:*")]
    [InlineData("q=AND%20OR%20NOT")]
    [InlineData("q=-")]
    [InlineData("q=%00%01%02")]
    [InlineData("q=title:%5B*%20TO%20*%5D")]
    [InlineData("q=\\\\\\")]
    [InlineData("q=%F0%9F%98%80%20emoji")]
    public async Task Malformed_queries_still_answer(string query)
    {
        var response = await _client.GetAsync("/api/search?" + query);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Theory]
    [InlineData("page=0", "Het paginanummer moet tussen 1 en 1000 liggen.")]
    [InlineData("page=x", "'x' is geen geldig paginanummer. Gebruik een heel getal.")]
    [InlineData("pageSize=500", "Kies 1 tot 50 resultaten per pagina.")]
    [InlineData("type=Kaas", "'Kaas' is geen soort inhoud.")]
    [InlineData("thema=onbekend", "'onbekend' is geen bekende waarde van thema.")]
    [InlineData("kleur=rood", "Op 'kleur' kun je niet filteren.")]
    [InlineData("sort=alfabet", "Sorteren op 'alfabet' kan niet")]
    public async Task Bad_parameters_are_a_400_problem_with_a_Dutch_reason(string query, string detail)
    {
        var response = await _client.GetAsync("/api/search?q=school&" + query);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        Assert.StartsWith(detail, problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_query_of_ten_thousand_characters_is_a_400_not_a_500()
    {
        var response = await _client.GetAsync("/api/search?q=" + new string('a', 10_000));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var page = await _client.GetAsync("/zoeken?q=" + new string('b', 10_000));
        Assert.Equal(HttpStatusCode.BadRequest, page.StatusCode);
        Assert.Contains("te lang", await page.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Suggestions_offer_titles_and_terms_as_you_type()
    {
        var response = await _client.GetStringAsync("/api/search/suggest?q=kansen");
        var suggestions = JsonDocument.Parse(response).RootElement.EnumerateArray().Select(s => s.GetProperty("text").GetString()).ToList();
        Assert.Contains("Kansen4Kinderen", suggestions);
        Assert.Contains("Kansen voor kinderen", suggestions);
        Assert.Empty(JsonDocument.Parse(await _client.GetStringAsync("/api/search/suggest?q=")).RootElement.EnumerateArray());
    }

    [Fact]
    public async Task The_search_page_shows_results_with_marked_words_and_works_without_JavaScript()
    {
        await SearchCaughtUp();
        var html = await _client.GetStringAsync("/zoeken?q=kansencoach&soort=Intervention");
        Assert.Contains("<mark>", html, StringComparison.Ordinal);
        Assert.Contains("name=\"soort\" value=\"Intervention\" checked=\"checked\"", html, StringComparison.Ordinal);
        Assert.Contains(" voor ‘kansencoach’", html, StringComparison.Ordinal);
        // Each hit says what kind of item it is and when it was published.
        Assert.Contains("<span class=\"card__type\">Werkzame interventie</span> · gepubliceerd ", html, StringComparison.Ordinal);
        Assert.DoesNotContain("<span class=\"card__type\">Schoolpraktijk</span>", html, StringComparison.Ordinal);
    }
}

/// <summary>The index is a cache of the database: deleted or stale, it is rebuilt or caught up at start.</summary>
public sealed class SearchIndexRecoveryTests : IAsyncLifetime
{
    private readonly string _dataPath = Directory.CreateTempSubdirectory("lr-recovery-").FullName;

    public Task InitializeAsync() => Task.CompletedTask;

    public Task DisposeAsync()
    {
        Directory.Delete(_dataPath, recursive: true);
        return Task.CompletedTask;
    }

    private async Task<SqliteSite> Start(bool searchIndex = true)
    {
        var site = SqliteSite.OnDataPath(_dataPath, searchIndex);
        await site.InitializeAsync();
        return site;
    }

    private static async Task<int> Count(SqliteSite site, string q)
    {
        var index = site.Services.GetRequiredService<SearchIndex>();
        await using var scope = site.Scope();
        var last = await site.Get<LerendeRegioDbContext>(scope).ChangeLog.MaxAsync(c => c.Sequence);
        await index.WaitForAsync(last).WaitAsync(TimeSpan.FromSeconds(20));
        var json = await site.CreateClient().GetStringAsync("/api/search?q=" + q);
        return JsonDocument.Parse(json).RootElement.GetProperty("total").GetInt32();
    }

    [Fact]
    public async Task A_deleted_index_is_rebuilt_and_changes_made_while_a_node_was_down_are_caught_up()
    {
        await using (var first = await Start()) Assert.True(await Count(first, "kansencoach") > 0);

        // While the node is down, another node without an index publishes an item.
        await using (var worker = await Start(searchIndex: false))
        {
            await using var scope = worker.Scope();
            var edit = new ContentEdit("Kwartiermaker voor de Zwelgpotmeander", null, JsonNode.Parse("""{"samenvatting":"x","aanleiding":"a","les":"b","soort":["positief"]}""")!.AsObject());
            await worker.Get<ContentManager>(scope).CreateAsync("LessonLearned", edit, new CreateOptions { Publish = true });
        }
        await using (var second = await Start()) Assert.Equal(1, await Count(second, "zwelgpotmeander"));

        Directory.Delete(Path.Combine(_dataPath, "search-index"), recursive: true);
        await using (var third = await Start())
        {
            Assert.Equal(1, await Count(third, "zwelgpotmeander"));
            Assert.True(await Count(third, "kansencoach") > 0);
        }

        // A corrupt index (a segment file overwritten) is rebuilt too.
        foreach (var file in Directory.EnumerateFiles(Path.Combine(_dataPath, "search-index"), "segments_*")) await File.WriteAllTextAsync(file, "kapot");
        await using (var fourth = await Start()) Assert.Equal(1, await Count(fourth, "zwelgpotmeander"));
    }
}
