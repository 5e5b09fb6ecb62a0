using System.Net;
using LerendeRegio.Web.Setup;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace LerendeRegio.IntegrationTests;

/// <summary>
/// A site behind a known proxy (10.0.0.5) with a tiny rate limit. The test server has no network peer, so a startup
/// filter takes the peer address from a test header, before any of the site's middleware runs.
/// </summary>
public sealed class ProxiedSite : SiteFixture
{
    public const string PeerHeader = "X-Test-Peer";
    public const int RequestsPerMinute = 3;

    protected override DatabaseProvider Provider => DatabaseProvider.Sqlite;

    protected override IEnumerable<KeyValuePair<string, string?>> ExtraSettings =>
    [
        new("LerendeRegio:Proxy:KnownProxies:0", "10.0.0.5"),
        new("LerendeRegio:Api:RequestsPerMinute", RequestsPerMinute.ToString(System.Globalization.CultureInfo.InvariantCulture)),
        new("LerendeRegio:Api:TokenRequestsPerMinute", TokenRequestsPerMinute.ToString(System.Globalization.CultureInfo.InvariantCulture)),
    ];

    public const int TokenRequestsPerMinute = 2;

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.ConfigureServices(s => s.AddSingleton<IStartupFilter, PeerFromHeader>());
    }

    private sealed class PeerFromHeader : IStartupFilter
    {
        public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
        {
            app.Use((context, nextMiddleware) =>
            {
                if (IPAddress.TryParse(context.Request.Headers[PeerHeader], out var peer)) context.Connection.RemoteIpAddress = peer;
                return nextMiddleware(context);
            });
            next(app);
        };
    }
}

public sealed class ForwardedHeadersTests(ProxiedSite site) : IClassFixture<ProxiedSite>
{
    private async Task<HttpResponseMessage> GetAsync(string url, string peer, string? forwardedFor = null, string? proto = null, string? token = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, url);
        if (token is not null) request.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", token);
        request.Headers.Add(ProxiedSite.PeerHeader, peer);
        if (forwardedFor is not null) request.Headers.Add("X-Forwarded-For", forwardedFor);
        if (proto is not null) request.Headers.Add("X-Forwarded-Proto", proto);
        return await site.CreateClient().SendAsync(request);
    }

    [Fact]
    public async Task Behind_the_known_proxy_each_client_has_its_own_rate_limit()
    {
        for (var i = 0; i < ProxiedSite.RequestsPerMinute; i++)
            Assert.Equal(HttpStatusCode.OK, (await GetAsync("/api/vocabularies?a=" + i, "10.0.0.5", "192.0.2.1")).StatusCode);
        Assert.Equal(HttpStatusCode.TooManyRequests, (await GetAsync("/api/vocabularies?a=x", "10.0.0.5", "192.0.2.1")).StatusCode);
        // Another client behind the same proxy is not punished for the first one.
        Assert.Equal(HttpStatusCode.OK, (await GetAsync("/api/vocabularies?a=y", "10.0.0.5", "192.0.2.2")).StatusCode);
    }

    [Fact]
    public async Task An_unknown_peer_cannot_escape_the_limit_by_inventing_X_Forwarded_For()
    {
        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i <= ProxiedSite.RequestsPerMinute; i++)
            statuses.Add((await GetAsync("/api/vocabularies?b=" + i, "198.51.100.7", $"203.0.113.{i}")).StatusCode);
        Assert.Equal(HttpStatusCode.TooManyRequests, statuses[^1]);
    }

    [Fact]
    public async Task The_scheme_the_proxy_reports_is_used_in_absolute_links()
    {
        var feed = await (await GetAsync("/feed.atom", "10.0.0.5", "192.0.2.9", "https")).Content.ReadAsStringAsync();
        Assert.Contains("https://localhost/", feed, StringComparison.Ordinal);
        var untrusted = await (await GetAsync("/feed.atom?c=1", "198.51.100.8", "192.0.2.9", "https")).Content.ReadAsStringAsync();
        Assert.DoesNotContain("https://localhost/", untrusted, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_token_has_its_own_budget_with_Retry_After_apart_from_its_IP_address()
    {
        var email = await site.CreateUserAsync(LerendeRegio.Web.Accounts.Roles.Auteur);
        string token;
        await using (var scope = site.Scope())
        {
            var users = site.Get<Microsoft.AspNetCore.Identity.UserManager<Microsoft.AspNetCore.Identity.IdentityUser>>(scope);
            var user = await users.FindByEmailAsync(email);
            token = (await site.Get<LerendeRegio.Web.Accounts.AccessTokens.AccessTokenService>(scope)
                .CreateAsync(user!.Id, "budget", LerendeRegio.Web.Accounts.AccessTokens.TokenScope.Read, 30)).Token;
        }
        for (var i = 0; i < ProxiedSite.TokenRequestsPerMinute; i++)
            Assert.Equal(HttpStatusCode.OK, (await GetAsync("/api/vocabularies", "10.0.0.5", "192.0.2.50", token: token)).StatusCode);
        var limited = await GetAsync("/api/vocabularies", "10.0.0.5", "192.0.2.50", token: token);
        Assert.Equal(HttpStatusCode.TooManyRequests, limited.StatusCode);
        Assert.True(int.Parse(limited.Headers.GetValues("Retry-After").Single(), System.Globalization.CultureInfo.InvariantCulture) > 0);
        // The same address without the token still has its own allowance.
        Assert.Equal(HttpStatusCode.OK, (await GetAsync("/api/vocabularies?d=1", "10.0.0.5", "192.0.2.50")).StatusCode);
    }
}
