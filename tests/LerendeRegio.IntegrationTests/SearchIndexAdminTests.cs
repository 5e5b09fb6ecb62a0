using System.Net;
using LerendeRegio.Web.Accounts;
using LerendeRegio.Web.Search;

namespace LerendeRegio.IntegrationTests;

public sealed class SearchIndexAdminTests(SqliteSite site) : IClassFixture<SqliteSite>
{
    [Fact]
    public async Task An_administrator_sees_the_index_state_and_rebuilds_it_while_search_keeps_answering()
    {
        var (client, _) = await site.AdministratorAsync();
        var page = await client.GetStringAsync("/beheer/zoekindex");
        Assert.Contains("Klaar", page, StringComparison.Ordinal);
        await using var scope = site.Scope();
        var index = site.Get<SearchIndex>(scope);
        var before = index.DocumentCount;
        Assert.True(before > 100);

        var started = await client.PostFormAsync("/beheer/zoekindex?handler=Rebuild", [], formPage: "/beheer/zoekindex");
        Assert.Equal(HttpStatusCode.Redirect, started.StatusCode);
        var search = await site.CreateClient().GetAsync("/api/search?q=school");
        Assert.Equal(HttpStatusCode.OK, search.StatusCode);

        for (var i = 0; i < 600 && index.RebuildProgress is not null; i++) await Task.Delay(50);
        Assert.Null(index.RebuildProgress);
        Assert.Equal(before, index.DocumentCount);
        Assert.Contains("wordt opnieuw opgebouwd", await client.GetStringAsync("/beheer/zoekindex"), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(Roles.Redacteur)]
    [InlineData(Roles.Bijdrager)]
    public async Task Only_administrators_may_see_or_rebuild_the_index(string role)
    {
        var client = await site.SignedInClientAsync(await site.CreateUserAsync(role));
        var response = await client.GetAsync("/beheer/zoekindex");
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.StartsWith("http://localhost/beheer/geen-toegang", response.Headers.Location!.ToString(), StringComparison.Ordinal);
        var anonymous = await site.CreateClient(new() { AllowAutoRedirect = false }).PostAsync("/beheer/zoekindex?handler=Rebuild", null);
        Assert.Equal(HttpStatusCode.Redirect, anonymous.StatusCode);
        Assert.StartsWith("http://localhost/beheer/inloggen", anonymous.Headers.Location!.ToString(), StringComparison.Ordinal);
    }
}
