using System.Net;
using System.Text.Json.Nodes;
using LerendeRegio.Web.Setup;
using Microsoft.Extensions.Options;

namespace LerendeRegio.IntegrationTests;

/// <summary>A site with a tiny API rate limit and one allowed browser origin.</summary>
public sealed class LimitedApiSite : SiteFixture
{
    public const int RequestsPerMinute = 5;
    public const string PartnerOrigin = "https://partner.example";

    protected override DatabaseProvider Provider => DatabaseProvider.Sqlite;

    protected override IEnumerable<KeyValuePair<string, string?>> ExtraSettings =>
    [
        new("LerendeRegio:Api:RequestsPerMinute", RequestsPerMinute.ToString(System.Globalization.CultureInfo.InvariantCulture)),
        new("LerendeRegio:Api:CorsOrigins:0", PartnerOrigin),
    ];
}

/// <summary>A site whose API settings are wrong; it must refuse to start.</summary>
public sealed class MisconfiguredApiSite(string key, string value) : SiteFixture
{
    protected override DatabaseProvider Provider => DatabaseProvider.Sqlite;

    protected override IEnumerable<KeyValuePair<string, string?>> ExtraSettings => [new(key, value)];
}

public sealed class ApiLimitsTests(LimitedApiSite site) : IClassFixture<LimitedApiSite>
{
    [Fact]
    public async Task A_configured_origin_may_read_the_API_others_may_not_and_too_many_requests_get_429_with_Retry_After()
    {
        var client = site.CreateClient();
        async Task<HttpResponseMessage> Get(string url, string? origin = null)
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, url);
            if (origin is not null) request.Headers.Add("Origin", origin);
            return await client.SendAsync(request);
        }

        var partner = await Get("/api/vocabularies", LimitedApiSite.PartnerOrigin);
        Assert.Equal(HttpStatusCode.OK, partner.StatusCode);
        Assert.Equal(LimitedApiSite.PartnerOrigin, partner.Headers.GetValues("Access-Control-Allow-Origin").Single());
        // The same (output-cached) answer asked by another origin must not carry the partner's permission.
        var stranger = await Get("/api/vocabularies", "https://elders.example");
        Assert.Equal(HttpStatusCode.OK, stranger.StatusCode);
        Assert.False(stranger.Headers.Contains("Access-Control-Allow-Origin"));

        HttpResponseMessage? limited = null;
        for (var i = 2; i <= LimitedApiSite.RequestsPerMinute + 1 && limited is null; i++)
        {
            var response = await Get("/api/vocabularies");
            if (response.StatusCode == HttpStatusCode.TooManyRequests) limited = response;
            else Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }
        Assert.NotNull(limited);
        var retryAfter = int.Parse(limited.Headers.GetValues("Retry-After").Single(), System.Globalization.CultureInfo.InvariantCulture);
        Assert.InRange(retryAfter, 1, 60);
        Assert.Equal("application/problem+json", limited.Content.Headers.ContentType?.MediaType);
        var problem = JsonNode.Parse(await limited.Content.ReadAsStringAsync())!;
        Assert.Equal("Te veel verzoeken", problem["title"]!.GetValue<string>());
        Assert.Equal("Too many requests", problem["titleEn"]!.GetValue<string>());
        Assert.Equal(429, problem["status"]!.GetValue<int>());

        // Only the API is limited; the public pages and feeds are not.
        Assert.Equal(HttpStatusCode.OK, (await Get("/")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await Get("/feed.atom")).StatusCode);
    }

    [Theory]
    [InlineData("LerendeRegio:Api:RequestsPerMinute", "0", "RequestsPerMinute")]
    [InlineData("LerendeRegio:Api:CorsOrigins:0", "partner.example", "CorsOrigins")]
    [InlineData("LerendeRegio:Api:CorsOrigins:0", "https://partner.example/pad", "CorsOrigins")]
    public async Task A_wrong_API_setting_stops_the_site_at_start_naming_the_setting(string key, string value, string named)
    {
        var bad = new MisconfiguredApiSite(key, value);
        var e = await Assert.ThrowsAsync<OptionsValidationException>(bad.InitializeAsync);
        Assert.Contains(named, e.Message, StringComparison.Ordinal);
        try { await bad.DisposeAsync(); } catch (OptionsValidationException) { }
    }
}
