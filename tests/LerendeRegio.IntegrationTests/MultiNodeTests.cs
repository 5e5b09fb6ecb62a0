using System.Net;
using System.Text.Json.Nodes;
using LerendeRegio.Web.Content;

namespace LerendeRegio.IntegrationTests;

/// <summary>
/// Two web nodes on one PostgreSQL database, as when scaled out: what one node publishes, the other shows within
/// about a second, although both cache pages and data (the second node follows the change log).
/// </summary>
public sealed class MultiNodeTests(PostgresSite nodeA) : IClassFixture<PostgresSite>
{
    [Fact]
    public async Task A_publication_on_one_node_reaches_the_other_nodes_pages_and_an_unpublication_too()
    {
        await using var nodeB = nodeA.SecondNode();
        await nodeB.InitializeAsync();
        var clientB = nodeB.CreateClient();
        Assert.Equal(HttpStatusCode.NotFound, (await clientB.GetAsync("/lessen/les-van-node-a")).StatusCode);
        var listBefore = await clientB.GetStringAsync("/lessen");

        string id;
        await using (var scope = nodeA.Scope())
        {
            var edit = new ContentEdit("Les van node A", "les-van-node-a", JsonNode.Parse("""{"samenvatting":"x","aanleiding":"a","les":"b","soort":["positief"]}""")!.AsObject());
            id = (await nodeA.Get<ContentManager>(scope).CreateAsync("LessonLearned", edit, new CreateOptions { Publish = true })).ContentItemId;
        }
        Assert.Equal(HttpStatusCode.OK, await StatusWithin(clientB, "/lessen/les-van-node-a", HttpStatusCode.OK));
        Assert.NotEqual(listBefore, await clientB.GetStringAsync("/lessen"));

        await using (var scope = nodeA.Scope()) await nodeA.Get<ContentManager>(scope).UnpublishAsync(id);
        Assert.Equal(HttpStatusCode.NotFound, await StatusWithin(clientB, "/lessen/les-van-node-a", HttpStatusCode.NotFound));
    }

    private static async Task<HttpStatusCode> StatusWithin(HttpClient client, string url, HttpStatusCode expected)
    {
        var status = HttpStatusCode.InternalServerError;
        // The follower polls every second; allow a generous margin on a busy machine.
        for (var i = 0; i < 50 && status != expected; i++)
        {
            status = (await client.GetAsync(url)).StatusCode;
            if (status != expected) await Task.Delay(200);
        }
        return status;
    }
}
