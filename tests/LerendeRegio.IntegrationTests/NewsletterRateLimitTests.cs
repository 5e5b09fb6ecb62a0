using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Mvc.Testing;

namespace LerendeRegio.IntegrationTests;

/// <summary>The per-IP limit of the subscribe form and API (three an hour in this site): a 429 with Retry-After, in Dutch on the page.</summary>
public sealed class NewsletterRateLimitTests(RateLimitedNewsletterSite site) : IClassFixture<RateLimitedNewsletterSite>
{
    [Fact]
    public async Task Over_the_limit_per_IP_address_the_API_answers_429_and_the_page_explains_it_in_Dutch()
    {
        var client = site.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = true });
        for (var i = 0; i < 3; i++)
        {
            var accepted = await client.PostAsJsonAsync("/api/newsletter/subscriptions", new { email = $"ip-{i}-{Guid.NewGuid():N}@lerenderegio.test" });
            Assert.Equal(HttpStatusCode.Accepted, accepted.StatusCode);
        }
        var refused = await client.PostAsJsonAsync("/api/newsletter/subscriptions", new { email = $"ip-4-{Guid.NewGuid():N}@lerenderegio.test" });
        Assert.Equal(HttpStatusCode.TooManyRequests, refused.StatusCode);
        Assert.True(refused.Headers.RetryAfter?.Delta > TimeSpan.Zero);
        Assert.Equal("application/problem+json", refused.Content.Headers.ContentType?.MediaType);
        Assert.Contains("Probeer het over", (await refused.Content.ReadFromJsonAsync<JsonObject>())!["detail"]!.GetValue<string>(), StringComparison.Ordinal);

        // Reading the form is not limited; sending it is.
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/nieuwsbrief")).StatusCode);
        var page = await client.PostFormAsync("/nieuwsbrief", new() { ["email"] = $"ip-5-{Guid.NewGuid():N}@lerenderegio.test" });
        Assert.Equal(HttpStatusCode.TooManyRequests, page.StatusCode);
        Assert.Contains("te veel aanmeldingen voor de nieuwsbrief", await page.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }
}
