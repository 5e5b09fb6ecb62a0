using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using LerendeRegio.Web.Content;

namespace LerendeRegio.IntegrationTests;

/// <summary>The read-only JSON API on the seeded site, as a client gets it over HTTP.</summary>
public sealed class ContentApiTests(SqliteSite site) : IClassFixture<SqliteSite>
{
    private readonly HttpClient _client = site.CreateClient(new() { AllowAutoRedirect = false });

    private async Task<JsonNode> Json(string url)
    {
        var response = await _client.GetAsync(url);
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{url}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        return JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
    }

    private async Task<List<JsonNode>> AllPages(string url)
    {
        var items = new List<JsonNode>();
        string? next = null;
        do
        {
            var page = await Json(next is null ? url : $"{url}&after={Uri.EscapeDataString(next)}");
            items.AddRange(page["items"]!.AsArray().Select(i => i!));
            next = page["next"]?.GetValue<string>();
        }
        while (next is not null && items.Count < 1_000);
        return items;
    }

    [Fact]
    public async Task The_list_gives_published_items_of_a_type_newest_first_with_resolved_terms()
    {
        var page = await Json("/api/content?type=Intervention&limit=5");
        var items = page["items"]!.AsArray();
        Assert.Equal(5, items.Count);
        Assert.All(items, i => Assert.Equal("Intervention", i!["type"]!.GetValue<string>()));
        var dates = items.Select(i => i!["publishedUtc"]!.GetValue<DateTime>()).ToList();
        Assert.Equal(dates.OrderByDescending(d => d), dates);
        Assert.NotNull(page["next"]?.GetValue<string>());
        var term = items.SelectMany(i => i!["terms"]!.AsArray()).First()!;
        Assert.False(string.IsNullOrEmpty(term["displayName"]!.GetValue<string>()));
        Assert.StartsWith("http://localhost/onderwerpen/", term["url"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.StartsWith("http://localhost/interventies/", items[0]!["url"]!.GetValue<string>(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Filters_on_vocabulary_terms_as_the_list_pages_do()
    {
        var all = await AllPages("/api/content?type=Project&limit=100");
        var welzijn = await AllPages("/api/content?type=Project&pijler=welzijn&limit=100");
        Assert.NotEmpty(welzijn);
        Assert.True(welzijn.Count < all.Count);
        Assert.All(welzijn, i => Assert.Contains(i["terms"]!.AsArray(), t => t!["vocabulary"]!.GetValue<string>() == "pijler" && t["id"]!.GetValue<string>() == "welzijn"));
        Assert.Equal(all.Count(i => i["terms"]!.AsArray().Any(t => t!["vocabulary"]!.GetValue<string>() == "pijler" && t["id"]!.GetValue<string>() == "welzijn")), welzijn.Count);

        // Within one vocabulary the values are alternatives.
        var either = await AllPages("/api/content?type=Project&pijler=welzijn&pijler=werken&limit=100");
        Assert.True(either.Count > welzijn.Count);
    }

    [Fact]
    public async Task Filters_on_publication_date_split_the_list_without_losing_or_repeating_an_item()
    {
        var all = await AllPages("/api/content?type=LessonLearned&limit=100");
        var dates = all.Select(i => i["publishedUtc"]!.GetValue<DateTime>().ToUniversalTime()).Order().ToList();
        var middle = dates[dates.Count / 2];
        var cut = Uri.EscapeDataString(middle.ToString("yyyy-MM-dd'T'HH:mm:ss.fffffff'Z'", CultureInfo.InvariantCulture));
        var since = await AllPages($"/api/content?type=LessonLearned&limit=7&publishedSince={cut}");
        var before = await AllPages($"/api/content?type=LessonLearned&limit=7&publishedBefore={cut}");
        Assert.All(since, i => Assert.True(i["publishedUtc"]!.GetValue<DateTime>().ToUniversalTime() >= middle));
        Assert.All(before, i => Assert.True(i["publishedUtc"]!.GetValue<DateTime>().ToUniversalTime() < middle));
        Assert.NotEmpty(since);
        Assert.NotEmpty(before);
        Assert.Equal(all.Select(Id).Order(StringComparer.Ordinal), since.Concat(before).Select(Id).Order(StringComparer.Ordinal));

        // A plain date is midnight in the Netherlands; an offset written with an unescaped '+' still counts as one.
        var day = await Json("/api/content?type=LessonLearned&limit=100&publishedSince=2100-01-01");
        Assert.Empty(day["items"]!.AsArray());
        var local = middle.AddHours(1).ToString("yyyy-MM-dd'T'HH:mm:ss.fffffff", CultureInfo.InvariantCulture);
        var offset = await AllPages($"/api/content?type=LessonLearned&limit=100&publishedSince={local}+01:00");
        Assert.Equal(since.Select(Id), offset.Select(Id));

        static string Id(JsonNode item) => item["id"]!.GetValue<string>();
    }

    [Fact]
    public async Task Modified_since_gives_only_items_changed_after_that_moment()
    {
        var before = DateTime.UtcNow.AddSeconds(-1);
        string id;
        await using (var scope = site.Scope())
        {
            var fields = new JsonObject { ["samenvatting"] = "Gewijzigd.", ["aanleiding"] = "a", ["les"] = "b", ["soort"] = new JsonArray("positief") };
            var item = await site.Get<ContentManager>(scope).CreateAsync("LessonLearned", new ContentEdit("Les over wijzigingen", "les-over-wijzigingen-api", fields),
                new CreateOptions { Publish = true, PublishedUtc = new DateTime(2020, 1, 1, 0, 0, 0, DateTimeKind.Utc) });
            id = item.ContentItemId;
        }
        var stamp = Uri.EscapeDataString(before.ToString("O", CultureInfo.InvariantCulture));
        var changed = await AllPages($"/api/content?limit=100&modifiedSince={stamp}");
        Assert.Contains(changed, i => i["id"]!.GetValue<string>() == id);
        Assert.All(changed, i => Assert.True(i["modifiedUtc"]!.GetValue<DateTime>().ToUniversalTime() >= before));
        var everything = await AllPages("/api/content?limit=100");
        Assert.True(changed.Count < everything.Count);
    }

    [Fact]
    public async Task Paging_by_cursor_visits_every_published_item_once()
    {
        var paged = await AllPages("/api/content?type=Intervention&limit=3");
        var export = await Json("/api/export/Intervention.json");
        Assert.Equal(export["count"]!.GetValue<int>(), paged.Count);
        Assert.Equal(paged.Count, paged.Select(i => i["id"]!.GetValue<string>()).Distinct().Count());
        Assert.Equal(
            export["items"]!.AsArray().Select(i => i!["id"]!.GetValue<string>()).Order(StringComparer.Ordinal),
            paged.Select(i => i["id"]!.GetValue<string>()).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task An_item_has_its_fields_terms_and_links_resolved_and_by_slug_gives_the_same()
    {
        const string id = "lesson-actief-benaderen-en-workshops-zetten-digitalisering-in-gang";
        var item = await Json($"/api/content/{id}");
        Assert.Equal("LessonLearned", item["type"]!.GetValue<string>());
        Assert.False(string.IsNullOrEmpty(item["versionId"]!.GetValue<string>()));
        var fields = item["fields"]!.AsObject();
        Assert.False(string.IsNullOrEmpty(fields["les"]!.GetValue<string>()));
        var project = fields["project"]!.AsArray().Single()!;
        Assert.Equal("project-digitalisering-vrijetijdseconomie", project["id"]!.GetValue<string>());
        Assert.Equal("Project", project["type"]!.GetValue<string>());
        Assert.Equal("Digitalisering vrijetijdseconomie", project["title"]!.GetValue<string>());
        Assert.Equal("http://localhost/projecten/digitalisering-vrijetijdseconomie", project["url"]!.GetValue<string>());
        var soort = fields["soort"]!.AsArray().Single()!;
        Assert.Equal("lessoort", soort["vocabulary"]!.GetValue<string>());
        Assert.False(string.IsNullOrEmpty(soort["displayName"]!.GetValue<string>()));
        Assert.Contains(item["links"]!.AsArray(), l => l!["id"]!.GetValue<string>() == "project-digitalisering-vrijetijdseconomie");
        Assert.Contains(item["terms"]!.AsArray(), t => t!["vocabulary"]!.GetValue<string>() == "lessoort");

        var bySlug = await Json($"/api/content/by-slug/LessonLearned/{item["slug"]!.GetValue<string>()}");
        Assert.True(JsonNode.DeepEquals(item, bySlug));
    }

    [Fact]
    public async Task Vocabularies_come_with_their_terms_and_synonyms()
    {
        var all = await Json("/api/vocabularies");
        var thema = all["items"]!.AsArray().Single(v => v!["name"]!.GetValue<string>() == "thema")!;
        Assert.NotEmpty(thema["terms"]!.AsArray());
        Assert.Contains(all["items"]!.AsArray().SelectMany(v => v!["terms"]!.AsArray()), t => t!["synonyms"]!.AsArray().Count > 0);
        var one = await Json("/api/vocabularies/thema");
        Assert.True(JsonNode.DeepEquals(thema, one));
        Assert.Equal("http://localhost/onderwerpen/thema/" + one["terms"]![0]!["id"]!.GetValue<string>(), one["terms"]![0]!["url"]!.GetValue<string>());
    }

    [Fact]
    public async Task A_project_lists_everything_published_that_links_to_it()
    {
        var linked = await Json("/api/projects/project-kansen4kinderen/linked");
        Assert.Equal("project-kansen4kinderen", linked["project"]!["id"]!.GetValue<string>());
        var types = linked["items"]!.AsArray().Select(i => i!["type"]!.GetValue<string>()).Distinct().ToList();
        Assert.Contains("SchoolPractice", types);
        foreach (var entry in linked["items"]!.AsArray().Take(3))
        {
            var item = await Json($"/api/content/{entry!["id"]!.GetValue<string>()}");
            Assert.Contains(item["links"]!.AsArray(), l => l!["id"]!.GetValue<string>() == "project-kansen4kinderen");
        }
    }

    [Theory]
    [InlineData("/api/content/intervention-mentor4you")]
    [InlineData("/api/content?type=Intervention&thema=kansen-voor-kinderen")]
    [InlineData("/api/vocabularies")]
    [InlineData("/api/projects/project-kansen4kinderen/linked")]
    [InlineData("/api/export/LessonLearned.json")]
    [InlineData("/api/export/LessonLearned.csv")]
    public async Task Answers_carry_an_ETag_and_a_client_that_has_it_gets_304(string url)
    {
        var first = await _client.GetAsync(url);
        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        var etag = first.Headers.ETag;
        Assert.NotNull(etag);
        // Vocabularies have no date of change; everything made of content does.
        if (!url.StartsWith("/api/vocabularies", StringComparison.Ordinal)) Assert.NotNull(first.Content.Headers.LastModified);

        using var request = new HttpRequestMessage(HttpMethod.Get, url);
        request.Headers.IfNoneMatch.Add(etag);
        var second = await _client.SendAsync(request);
        Assert.Equal(HttpStatusCode.NotModified, second.StatusCode);
        Assert.Empty(await second.Content.ReadAsByteArrayAsync());

        using var stale = new HttpRequestMessage(HttpMethod.Get, url);
        stale.Headers.IfNoneMatch.Add(new EntityTagHeaderValue("\"iets-anders\""));
        Assert.Equal(HttpStatusCode.OK, (await _client.SendAsync(stale)).StatusCode);
    }

    [Fact]
    public async Task The_ETag_of_an_item_starts_with_its_version_and_changes_when_a_new_version_is_published()
    {
        string id;
        await using (var scope = site.Scope())
        {
            var edit = new ContentEdit("Een les over ETags", "les-over-etags", JsonNode.Parse("""{"samenvatting":"Eerst.","aanleiding":"a","les":"b","soort":["positief"]}""")!.AsObject());
            id = (await site.Get<ContentManager>(scope).CreateAsync("LessonLearned", edit, new CreateOptions { Publish = true })).ContentItemId;
        }
        var before = await _client.GetAsync($"/api/content/{id}");
        var version = JsonNode.Parse(await before.Content.ReadAsStringAsync())!["versionId"]!.GetValue<string>();
        Assert.StartsWith($"\"{version}-", before.Headers.ETag!.Tag, StringComparison.Ordinal);

        await using (var scope = site.Scope())
        {
            var manager = site.Get<ContentManager>(scope);
            var current = (await manager.GetAsync(id, VersionOptions.Latest))!;
            var edit = new ContentEdit("Een les over ETags", "les-over-etags", JsonNode.Parse("""{"samenvatting":"Daarna.","aanleiding":"a","les":"b","soort":["positief"]}""")!.AsObject());
            await manager.UpdateAsync(id, current.Revision, edit);
            await manager.PublishAsync(id);
        }
        using var request = new HttpRequestMessage(HttpMethod.Get, $"/api/content/{id}");
        request.Headers.IfNoneMatch.Add(before.Headers.ETag);
        var after = await _client.SendAsync(request);
        Assert.Equal(HttpStatusCode.OK, after.StatusCode);
        Assert.Equal("Daarna.", JsonNode.Parse(await after.Content.ReadAsStringAsync())!["fields"]!["samenvatting"]!.GetValue<string>());
        Assert.NotEqual(before.Headers.ETag, after.Headers.ETag);
    }

    [Theory]
    [InlineData("/api/content?type=Onbekend", "Onbekend inhoudstype", "Unknown content type", "'Onbekend' is geen inhoudstype.")]
    [InlineData("/api/content?type=Intervention&kleur=rood", "Onbekend filter", "Unknown filter", "Op 'kleur' kun je niet filteren.")]
    [InlineData("/api/content?type=Intervention&thema=bestaat-niet", "Onbekende waarde", "Unknown term", "'bestaat-niet' is geen bekende waarde van thema.")]
    [InlineData("/api/content?type=LessonLearned&doelgroep=12-18", "Onbekend filter", "Unknown filter", "Op 'doelgroep' kun je niet filteren.")]
    [InlineData("/api/content?after=bm9nIGVlbiBrZWVy", "Ongeldige cursor", "Invalid cursor", "De waarde van 'after' is geen cursor")]
    [InlineData("/api/content?after=%00%FF", "Ongeldige cursor", "Invalid cursor", "De waarde van 'after' is geen cursor")]
    [InlineData("/api/content?after=", "Ongeldige cursor", "Invalid cursor", "De waarde van 'after' is geen cursor")]
    [InlineData("/api/content?limit=0", "Ongeldige limiet", "Invalid limit", "'0' is geen geldige limiet.")]
    [InlineData("/api/content?limit=101", "Ongeldige limiet", "Invalid limit", "'101' is geen geldige limiet.")]
    [InlineData("/api/content?limit=99999999999999999999", "Ongeldige limiet", "Invalid limit", "geen geldige limiet")]
    [InlineData("/api/content?limit=-5", "Ongeldige limiet", "Invalid limit", "geen geldige limiet")]
    [InlineData("/api/content?limit=tien", "Ongeldige limiet", "Invalid limit", "'tien' is geen geldige limiet.")]
    [InlineData("/api/content?publishedSince=1-10-2026", "Ongeldige datum", "Invalid date", "'1-10-2026' is geen geldige datum voor publishedSince.")]
    [InlineData("/api/content?publishedBefore=2026-02-30", "Ongeldige datum", "Invalid date", "geen geldige datum voor publishedBefore")]
    [InlineData("/api/content?modifiedSince=2026-10-01T08:00:00", "Ongeldige datum", "Invalid date", "geen geldige datum voor modifiedSince")]
    [InlineData("/feed.atom?thema=bestaat-niet", "Onbekende waarde", "Unknown term", "'bestaat-niet' is geen bekende waarde van thema.")]
    public async Task Bad_input_is_a_400_problem_with_a_Dutch_title_and_an_English_one(string url, string title, string titleEn, string detail)
    {
        var response = await _client.GetAsync(url);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        Assert.Equal(400, problem["status"]!.GetValue<int>());
        Assert.Equal(title, problem["title"]!.GetValue<string>());
        Assert.Equal(titleEn, problem["titleEn"]!.GetValue<string>());
        Assert.Contains(detail, problem["detail"]!.GetValue<string>(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_cursor_that_decodes_but_names_no_valid_position_is_refused()
    {
        foreach (var text in new[] { "abc:def", "-1:x", "99999999999999999999:a", "638000000000000000:", "638000000000000000:Hoofdletters", "638000000000000000:a b" })
        {
            var cursor = Convert.ToBase64String(Encoding.UTF8.GetBytes(text)).TrimEnd('=').Replace('+', '-').Replace('/', '_');
            var response = await _client.GetAsync($"/api/content?after={cursor}");
            Assert.True(response.StatusCode == HttpStatusCode.BadRequest, $"{text}: {(int)response.StatusCode}");
        }
    }

    [Theory]
    [InlineData("/api/content/bestaat-niet")]
    [InlineData("/api/content/Hoofd%20Letters")]
    [InlineData("/api/content/by-slug/Intervention/bestaat-niet")]
    [InlineData("/api/content/by-slug/Onbekend/mentor4you")]
    [InlineData("/api/content/by-slug/Intervention/..%2F..%2Fetc")]
    [InlineData("/api/vocabularies/kleur")]
    [InlineData("/api/projects/bestaat-niet/linked")]
    [InlineData("/api/projects/intervention-mentor4you/linked")]
    [InlineData("/api/export/Onbekend.json")]
    [InlineData("/api/export/Onbekend.csv")]
    public async Task An_unknown_id_is_a_404_problem_in_Dutch(string url)
    {
        var response = await _client.GetAsync(url);
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        Assert.Equal("Niet gevonden", problem["title"]!.GetValue<string>());
        Assert.Equal("Not found", problem["titleEn"]!.GetValue<string>());
        Assert.False(string.IsNullOrWhiteSpace(problem["detail"]!.GetValue<string>()));
    }

    [Fact]
    public async Task Malformed_input_never_causes_a_server_error()
    {
        var junk = new[]
        {
            // (A NUL in a path cannot even be sent through the test server; Kestrel refuses it before routing.)
            "", "%FF%FE", "'", "\"", "<script>", "a]b[", new string('x', 5_000), "%2F..%2F", "😀", "-", "0x10", "1e3", "NaN", " 5",
        };
        var templates = new[]
        {
            "/api/content?type={0}", "/api/content?after={0}", "/api/content?limit={0}", "/api/content?thema={0}", "/api/content?{0}=1",
            "/api/content?type=Intervention&{0}={0}", "/api/content/{0}", "/api/content/by-slug/{0}/{0}", "/api/vocabularies/{0}",
            "/api/projects/{0}/linked", "/api/export/{0}.json", "/api/export/{0}.csv", "/feed.atom?type={0}", "/feed.atom?{0}=x",
        };
        foreach (var template in templates)
        {
            foreach (var value in junk)
            {
                var url = string.Format(System.Globalization.CultureInfo.InvariantCulture, template, Uri.EscapeDataString(value).Replace("%25", "%", StringComparison.Ordinal));
                var response = await _client.GetAsync(url);
                Assert.True((int)response.StatusCode < 500, $"{url}: {(int)response.StatusCode}");
            }
        }
    }

    [Fact]
    public async Task The_open_data_export_has_every_published_item_as_JSON_and_as_RFC_4180_CSV()
    {
        var json = await Json("/api/export/Intervention.json");
        var items = json["items"]!.AsArray();
        Assert.Equal(items.Count, json["count"]!.GetValue<int>());

        var response = await _client.GetAsync("/api/export/intervention.csv");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/csv", response.Content.Headers.ContentType?.MediaType);
        var bytes = await response.Content.ReadAsByteArrayAsync();
        Assert.Equal(Encoding.UTF8.GetPreamble(), bytes[..3]);
        var rows = Csv.Parse(Encoding.UTF8.GetString(bytes, 3, bytes.Length - 3));
        var header = rows[0];
        Assert.Equal(["id", "titel", "url", "gepubliceerd", "gewijzigd", "samenvatting"], header.Take(6));
        Assert.Contains("themas", header);
        Assert.Equal(items.Count + 1, rows.Count);
        Assert.All(rows, r => Assert.Equal(header.Count, r.Count));

        var mentor = rows.Single(r => r[0] == "intervention-mentor4you");
        var apiItem = items.Single(i => i!["id"]!.GetValue<string>() == "intervention-mentor4you")!;
        Assert.Equal(apiItem["title"]!.GetValue<string>(), mentor[1]);
        Assert.Equal(
            string.Join("; ", apiItem["fields"]!["gemeenten"]!.AsArray().Select(t => t!["displayName"]!.GetValue<string>())),
            mentor[header.IndexOf("gemeenten")]);
        Assert.Contains("\n", mentor[header.IndexOf("aanpak")], StringComparison.Ordinal); // a multi-line cell survived quoting
        Assert.Equal("144", mentor[header.IndexOf("leeftijdVan")]);
    }

    [Fact]
    public async Task A_CSV_cell_that_a_spreadsheet_would_run_as_a_formula_is_made_text()
    {
        await using (var scope = site.Scope())
        {
            var edit = new ContentEdit("=HYPERLINK(\"http://kwaad.example\";\"klik\")", "formule-les", JsonNode.Parse("""
                {"samenvatting":"x","aanleiding":"Met \"aanhalingstekens\", komma's\r\nen regels.","les":"b","soort":["positief"]}
                """)!.AsObject());
            await site.Get<ContentManager>(scope).CreateAsync("LessonLearned", edit, new CreateOptions { Publish = true });
        }
        var rows = Csv.Parse(Encoding.UTF8.GetString(await _client.GetByteArrayAsync("/api/export/LessonLearned.csv"))[1..]);
        var row = rows.Single(r => r[1].Contains("HYPERLINK", StringComparison.Ordinal));
        Assert.Equal("'=HYPERLINK(\"http://kwaad.example\";\"klik\")", row[1]);
        Assert.Equal("Met \"aanhalingstekens\", komma's\r\nen regels.", row[rows[0].IndexOf("aanleiding")]);
    }

    [Fact]
    public async Task Drafts_are_never_visible_in_the_API_export_feed_or_sitemap()
    {
        string draftId, publishedId;
        // The marker "qiulu" has letters (i, u, l) that generated content ids never use, so it cannot match an id by chance.
        await using (var scope = site.Scope())
        {
            var manager = site.Get<ContentManager>(scope);
            var draft = new ContentEdit("Conceptles qiulu voor de API", "conceptles-qiulu", JsonNode.Parse("""
                {"samenvatting":"Nog niet af.","aanleiding":"a","les":"b","soort":["negatief"],"themas":["kansen-voor-kinderen"]}
                """)!.AsObject());
            draftId = (await manager.CreateAsync("LessonLearned", draft)).ContentItemId;

            // A published item with a newer draft: the public sees the published version only.
            var visible = new ContentEdit("Openbare les met een concept", "openbare-les-met-concept", JsonNode.Parse("""
                {"samenvatting":"Openbaar.","aanleiding":"a","les":"b","soort":["positief"]}
                """)!.AsObject());
            var item = await manager.CreateAsync("LessonLearned", visible, new CreateOptions { Publish = true });
            publishedId = item.ContentItemId;
            var secret = new ContentEdit("Nieuwe titel qiulu", "openbare-les-met-concept", JsonNode.Parse("""
                {"samenvatting":"Wijziging qiulu.","aanleiding":"a","les":"b","soort":["positief"]}
                """)!.AsObject());
            await manager.UpdateAsync(publishedId, item.Revision, secret);
        }

        Assert.Equal(HttpStatusCode.NotFound, (await _client.GetAsync($"/api/content/{draftId}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await _client.GetAsync("/api/content/by-slug/LessonLearned/conceptles-qiulu")).StatusCode);
        var published = await Json($"/api/content/{publishedId}");
        Assert.Equal("Openbare les met een concept", published["title"]!.GetValue<string>());

        var bodies = new List<(string Url, string Body)>();
        foreach (var url in new[]
        {
            "/api/content?type=LessonLearned&limit=100", "/api/content?limit=100", "/api/content?thema=kansen-voor-kinderen&limit=100",
            "/api/export/LessonLearned.json", "/api/export/LessonLearned.csv", "/feed.atom", "/feed.atom?type=LessonLearned",
            "/sitemap.xml", $"/api/content/{publishedId}", "/api/projects/project-kansen4kinderen/linked",
        })
        {
            var response = await _client.GetAsync(url);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            bodies.Add((url, await response.Content.ReadAsStringAsync()));
        }
        foreach (var (url, body) in bodies)
        {
            Assert.False(body.Contains(draftId, StringComparison.Ordinal), url);
            Assert.False(body.Contains("qiulu", StringComparison.Ordinal), url);
        }
        Assert.Contains(bodies, b => b.Body.Contains(publishedId, StringComparison.Ordinal) && b.Url.StartsWith("/api/export", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_publication_shows_in_the_API_at_once_despite_the_output_cache()
    {
        var before = await Json("/api/content?type=LessonLearned&limit=1");
        string id;
        await using (var scope = site.Scope())
        {
            var edit = new ContentEdit("Nieuwste les voor de API", "nieuwste-les-api", JsonNode.Parse("""{"samenvatting":"Nieuw.","aanleiding":"a","les":"b","soort":["positief"]}""")!.AsObject());
            id = (await site.Get<ContentManager>(scope).CreateAsync("LessonLearned", edit, new CreateOptions { Publish = true, PublishedUtc = DateTime.UtcNow.AddYears(1) })).ContentItemId;
        }
        var after = await Json("/api/content?type=LessonLearned&limit=1");
        Assert.NotEqual(before["items"]![0]!["id"]!.GetValue<string>(), after["items"]![0]!["id"]!.GetValue<string>());
        Assert.Equal(id, after["items"]![0]!["id"]!.GetValue<string>());

        await using (var scope = site.Scope()) await site.Get<ContentManager>(scope).UnpublishAsync(id);
        Assert.Equal(HttpStatusCode.NotFound, (await _client.GetAsync($"/api/content/{id}")).StatusCode);
    }

    [Fact]
    public async Task Without_configured_origins_no_browser_origin_may_read_the_API()
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/vocabularies");
        request.Headers.Add("Origin", "https://elders.example");
        var response = await _client.SendAsync(request);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.False(response.Headers.Contains("Access-Control-Allow-Origin"));
    }
}

/// <summary>RFC 4180 reading for the export tests: quoted cells with commas, doubled quotes and line breaks.</summary>
internal static class Csv
{
    public static List<List<string>> Parse(string text)
    {
        var rows = new List<List<string>>();
        var row = new List<string>();
        var cell = new StringBuilder();
        var quoted = false;
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (quoted)
            {
                if (c == '"' && i + 1 < text.Length && text[i + 1] == '"') { cell.Append('"'); i++; }
                else if (c == '"') quoted = false;
                else cell.Append(c);
            }
            else if (c == '"') quoted = true;
            else if (c == ',') { row.Add(cell.ToString()); cell.Clear(); }
            else if (c == '\r' && i + 1 < text.Length && text[i + 1] == '\n')
            {
                row.Add(cell.ToString());
                cell.Clear();
                rows.Add(row);
                row = [];
                i++;
            }
            else cell.Append(c);
        }
        if (cell.Length > 0 || row.Count > 0) { row.Add(cell.ToString()); rows.Add(row); }
        return rows;
    }
}
