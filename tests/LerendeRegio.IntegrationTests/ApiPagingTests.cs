using System.Net;
using System.Text.Json.Nodes;
using LerendeRegio.Web.Content;

namespace LerendeRegio.IntegrationTests;

/// <summary>
/// Keyset paging of <c>/api/content</c> on both databases: the position comparison (time, then id) runs in SQL, where
/// SQLite compares times as text and PostgreSQL as timestamps with its own collation for ids.
/// </summary>
public abstract class ApiPagingTests<TSite>(TSite site) : IClassFixture<TSite> where TSite : SiteFixture
{
    private readonly HttpClient _client = site.CreateClient();

    private async Task<(List<JsonNode> Items, string? Next)> Page(string url)
    {
        var response = await _client.GetAsync(url);
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{url}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        var page = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        return ([.. page["items"]!.AsArray().Select(i => i!)], page["next"]?.GetValue<string>());
    }

    private async Task<List<string>> Walk(string url, string? after = null)
    {
        var ids = new List<string>();
        do
        {
            var (items, next) = await Page(after is null ? url : $"{url}&after={Uri.EscapeDataString(after)}");
            ids.AddRange(items.Select(i => i["id"]!.GetValue<string>()));
            after = next;
        }
        while (after is not null && ids.Count < 1_000);
        return ids;
    }

    private static string Id(JsonNode item) => item["id"]!.GetValue<string>();

    [Fact]
    public async Task Cursor_paging_stays_stable_when_items_are_published_between_pages()
    {
        const string url = "/api/content?type=LessonLearned&limit=4";
        var before = await Walk(url);
        Assert.True(before.Count > 8);
        var (first, next) = await Page(url);
        Assert.Equal(before.Take(4), first.Select(Id));
        var boundary = first[^1];
        var boundaryTime = boundary["publishedUtc"]!.GetValue<DateTime>().ToUniversalTime();

        // Published between two requests: one newest item, and two with exactly the boundary item's time, whose ids
        // sort before and after it. The first two belong before the cursor, the third after it.
        await using (var scope = site.Scope())
        {
            var manager = site.Get<ContentManager>(scope);
            async Task Publish(string id, DateTime? at) => await manager.CreateAsync("LessonLearned",
                new ContentEdit($"Les {id}", id, JsonNode.Parse("""{"samenvatting":"Tussendoor.","aanleiding":"a","les":"b","soort":["positief"]}""")!.AsObject()),
                new CreateOptions { ContentItemId = id, Publish = true, PublishedUtc = at });
            await Publish("zz-nieuwste-les", DateTime.UtcNow.AddDays(1));
            await Publish("aaa-even-oude-les", boundaryTime);
            await Publish("zzz-even-oude-les", boundaryTime);
        }

        var rest = await Walk(url, next);
        Assert.DoesNotContain("zz-nieuwste-les", rest);
        Assert.DoesNotContain("aaa-even-oude-les", rest);
        Assert.Contains("zzz-even-oude-les", rest);
        Assert.Equal(before.Skip(4), rest.Where(id => id != "zzz-even-oude-les"));
        Assert.Empty(first.Select(Id).Intersect(rest));

        var fresh = await Walk(url);
        Assert.Equal("zz-nieuwste-les", fresh[0]);
        Assert.Equal(before.Count + 3, fresh.Count);
        Assert.Equal(fresh.Count, fresh.Distinct().Count());
    }
}

public sealed class SqliteApiPagingTests(SqliteSite site) : ApiPagingTests<SqliteSite>(site);

public sealed class PostgresApiPagingTests(PostgresSite site) : ApiPagingTests<PostgresSite>(site);
