using System.Net;
using System.Text.Json.Nodes;

namespace LerendeRegio.IntegrationTests;

/// <summary>The OpenAPI document describes the whole API and passes Redocly's recommended lint rules.</summary>
public sealed class OpenApiTests(SqliteSite site) : IClassFixture<SqliteSite>
{
    private readonly HttpClient _client = site.CreateClient(new() { AllowAutoRedirect = false });

    [Fact]
    public async Task The_document_passes_Redocly_lint_without_errors()
    {
        var document = await _client.GetStringAsync("/openapi/v1.json");
        var file = Path.Combine(site.DataPath, "openapi.json");
        await File.WriteAllTextAsync(file, document);
        var (exit, output, error) = await NodeTool.RunAsync(Path.Combine("node_modules", "@redocly", "cli", "bin", "cli.js"), "lint", file, "--format=summary");
        Assert.True(exit == 0, output + error);
        Assert.DoesNotContain("error ", output + error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Every_endpoint_is_described_with_a_summary_and_its_error_answers()
    {
        var document = JsonNode.Parse(await _client.GetStringAsync("/openapi/v1.json"))!;
        var paths = document["paths"]!.AsObject();
        string[] expected =
        [
            "/api/content", "/api/content/{id}", "/api/content/by-slug/{type}/{slug}", "/api/vocabularies", "/api/vocabularies/{name}",
            "/api/projects/{id}/linked", "/api/export/{type}.json", "/api/export/{type}.csv", "/feed.atom", "/sitemap.xml", "/robots.txt",
            "/api/search", "/api/search/suggest", "/api/content/{id}/latest", "/api/content/{id}/publish", "/api/content/{id}/submit", "/api/newsletter/subscriptions",
        ];
        Assert.Equal(expected.Order(StringComparer.Ordinal), paths.Select(p => p.Key).Order(StringComparer.Ordinal));
        foreach (var (path, item) in paths.Where(p => p.Key != "/api/newsletter/subscriptions"))
        {
            foreach (var (method, operation) in item!.AsObject())
            {
                Assert.False(string.IsNullOrEmpty(operation!["summary"]?.GetValue<string>()), path);
                var responses = operation["responses"]!.AsObject().Select(r => r.Key).ToList();
                Assert.Contains(responses, r => r is "200" or "201");
                if (!path.StartsWith("/api/", StringComparison.Ordinal)) continue;
                Assert.Contains("429", responses);
                var writes = method != "get" || path.EndsWith("/latest", StringComparison.Ordinal);
                if (!writes)
                {
                    Assert.Contains("304", responses);
                    continue;
                }
                // Writing needs a token: the operation names the bearer scheme and documents 401 and 403.
                Assert.Contains("401", responses);
                Assert.Contains("403", responses);
                Assert.Equal("apiSleutel", Assert.Single(operation["security"]!.AsArray()[0]!.AsObject()).Key);
            }
        }
        Assert.Equal("bearer", document["components"]!["securitySchemes"]!["apiSleutel"]!["scheme"]!.GetValue<string>());
        Assert.Contains("412", paths["/api/content/{id}"]!["put"]!["responses"]!.AsObject().Select(r => r.Key));
        Assert.Contains("404", paths["/api/content/{id}"]!["get"]!["responses"]!.AsObject().Select(r => r.Key));
        var subscribe = paths["/api/newsletter/subscriptions"]!["post"]!;
        Assert.False(string.IsNullOrEmpty(subscribe["summary"]?.GetValue<string>()));
        Assert.Equal(["202", "400", "429"], subscribe["responses"]!.AsObject().Select(r => r.Key).Order(StringComparer.Ordinal));
        Assert.NotNull(subscribe["requestBody"]!["content"]!["application/json"]!["example"]!["email"]);
        Assert.NotNull(subscribe["responses"]!["202"]!["content"]!["application/json"]!["example"]);
        Assert.Contains("400", paths["/api/content"]!["get"]!["responses"]!.AsObject().Select(r => r.Key));
        Assert.Equal(["type", "after", "limit", "publishedSince", "publishedBefore", "modifiedSince"], paths["/api/content"]!["get"]!["parameters"]!.AsArray().Select(p => p!["name"]!.GetValue<string>()));
    }

    [Fact]
    public async Task The_reader_page_serves_Scalar_with_a_policy_that_lets_it_run()
    {
        var response = await _client.GetAsync("/api/docs/");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var html = await response.Content.ReadAsStringAsync();
        Assert.Contains("scalar", html, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("'unsafe-inline'", response.Headers.GetValues("Content-Security-Policy").Single(), StringComparison.Ordinal);
        // The rest of the site keeps the strict policy.
        var home = await _client.GetAsync("/");
        Assert.DoesNotContain("unsafe-inline", home.Headers.GetValues("Content-Security-Policy").Single(), StringComparison.Ordinal);
    }
}
