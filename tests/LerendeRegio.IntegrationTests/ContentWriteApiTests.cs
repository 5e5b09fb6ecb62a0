using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using LerendeRegio.Web.Accounts;
using LerendeRegio.Web.Accounts.AccessTokens;
using LerendeRegio.Web.Content;
using LerendeRegio.Web.Data;
using Microsoft.EntityFrameworkCore;

namespace LerendeRegio.IntegrationTests;

/// <summary>Writing through the API with personal access tokens made on the beheer page, acting with the user's role.</summary>
public sealed partial class ContentWriteApiTests(SqliteSite site) : IClassFixture<SqliteSite>
{
    /// <summary>Makes a token the way a user does: on /beheer/api-sleutels, reading it from the page that shows it once.</summary>
    private async Task<string> TokenAsync(string email, TokenScope scope)
    {
        var client = await site.SignedInClientAsync(email);
        var response = await client.PostFormAsync("/beheer/api-sleutels?handler=Create",
            new() { ["Input.Name"] = "test " + scope, ["Input.Scope"] = scope.ToString(), ["Input.Days"] = "30" }, formPage: "/beheer/api-sleutels");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return ShownToken().Match(await response.Content.ReadAsStringAsync()).Groups[1].Value;
    }

    private HttpClient Api(string? token)
    {
        var client = site.CreateClient(new() { AllowAutoRedirect = false, HandleCookies = false });
        if (token is not null) client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return client;
    }

    private async Task<JsonObject> DraftBodyAsync(string title)
    {
        await using var scope = site.Scope();
        var item = (await site.Get<ContentQueries>(scope).GetAllPublishedAsync("SchoolPractice"))[0];
        return new JsonObject { ["type"] = "SchoolPractice", ["title"] = title, ["fields"] = item.Fields.DeepClone() };
    }

    private static async Task<HttpResponseMessage> PutAsync(HttpClient client, string url, JsonObject body, string? ifMatch)
    {
        using var request = new HttpRequestMessage(HttpMethod.Put, url) { Content = JsonContent.Create(body) };
        if (ifMatch is not null) request.Headers.TryAddWithoutValidation("If-Match", ifMatch);
        return await client.SendAsync(request);
    }

    [Fact]
    public async Task A_school_drafts_and_updates_with_If_Match_an_editor_publishes_and_only_then_the_public_sees_it()
    {
        var school = await TokenAsync(await site.CreateUserAsync(Roles.Bijdrager), TokenScope.Write);
        var editor = await TokenAsync(await site.CreateUserAsync(Roles.Redacteur), TokenScope.Write);
        var api = Api(school);

        var created = await api.PostAsJsonAsync("/api/content", await DraftBodyAsync("Voorlezen met opa's en oma's"));
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var draft = (await created.Content.ReadFromJsonAsync<JsonObject>())!;
        var id = draft["id"]!.GetValue<string>();
        Assert.Equal("\"r1\"", created.Headers.ETag!.Tag);
        Assert.Equal($"/api/content/{id}/latest", created.Headers.Location!.ToString());
        Assert.Equal(HttpStatusCode.NotFound, (await Api(null).GetAsync($"/api/content/{id}")).StatusCode);

        var body = await DraftBodyAsync("Voorlezen met grootouders");
        Assert.Equal((HttpStatusCode)428, (await PutAsync(api, $"/api/content/{id}", body, null)).StatusCode);
        var updated = await PutAsync(api, $"/api/content/{id}", body, "\"r1\"");
        Assert.Equal(HttpStatusCode.OK, updated.StatusCode);
        Assert.Equal("\"r2\"", updated.Headers.ETag!.Tag);
        var stale = await PutAsync(api, $"/api/content/{id}", await DraftBodyAsync("Oude versie"), "\"r1\"");
        Assert.Equal(HttpStatusCode.PreconditionFailed, stale.StatusCode);
        Assert.Contains("gewijzigd", (await stale.Content.ReadFromJsonAsync<JsonObject>())!["detail"]!.GetValue<string>(), StringComparison.Ordinal);

        var refused = await api.PostAsync($"/api/content/{id}/publish", null);
        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
        Assert.Equal("application/problem+json", refused.Content.Headers.ContentType!.MediaType);
        Assert.Equal(HttpStatusCode.NotFound, (await Api(null).GetAsync($"/api/content/{id}")).StatusCode);

        var published = await Api(editor).PostAsync($"/api/content/{id}/publish", null);
        Assert.Equal(HttpStatusCode.OK, published.StatusCode);
        var visible = await Api(null).GetFromJsonAsync<JsonObject>($"/api/content/{id}");
        Assert.Equal("Voorlezen met grootouders", visible!["title"]!.GetValue<string>());
    }

    [Fact]
    public async Task Validation_errors_name_the_field()
    {
        var api = Api(await TokenAsync(await site.CreateUserAsync(Roles.Auteur), TokenScope.Write));
        var body = await DraftBodyAsync("");
        body["fields"]!["schoolNaam"] = "";
        var response = await api.PostAsJsonAsync("/api/content", body);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var errors = (await response.Content.ReadFromJsonAsync<JsonObject>())!["errors"]!.AsObject();
        Assert.Contains("title", errors.Select(e => e.Key));
        Assert.Contains(errors, e => e.Key.Contains("schoolNaam", StringComparison.Ordinal));
        var unknown = await api.PostAsJsonAsync("/api/content", new JsonObject { ["type"] = "Recept", ["title"] = "x" });
        Assert.Contains("type", (await unknown.Content.ReadFromJsonAsync<JsonObject>())!["errors"]!.AsObject().Select(e => e.Key));
    }

    [Fact]
    public async Task Missing_wrong_read_only_revoked_and_expired_tokens_get_401_or_403_as_problems()
    {
        var body = await DraftBodyAsync("Niet toegestaan");
        var anonymous = await Api(null).PostAsJsonAsync("/api/content", body);
        Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
        Assert.Equal("Bearer", anonymous.Headers.WwwAuthenticate.Single().Scheme);
        Assert.Equal(HttpStatusCode.Unauthorized, (await Api("lrpat_verzonnen").PostAsJsonAsync("/api/content", body)).StatusCode);
        // A wrong token is an error on reads too, so a client notices its key expired.
        Assert.Equal(HttpStatusCode.Unauthorized, (await Api("lrpat_verzonnen").GetAsync("/api/vocabularies")).StatusCode);

        var email = await site.CreateUserAsync(Roles.Redacteur);
        var reader = await TokenAsync(email, TokenScope.Read);
        Assert.Equal(HttpStatusCode.OK, (await Api(reader).GetAsync("/api/vocabularies")).StatusCode);
        var weak = await Api(reader).PostAsJsonAsync("/api/content", body);
        Assert.Equal(HttpStatusCode.Forbidden, weak.StatusCode);
        Assert.Contains("alleen lezen", await weak.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        var revoked = await TokenAsync(email, TokenScope.Write);
        var expired = await TokenAsync(email, TokenScope.Write);
        await using (var scope = site.Scope())
        {
            var db = site.Get<LerendeRegioDbContext>(scope);
            var records = await db.Set<PersonalAccessToken>().ToListAsync();
            records.Single(t => t.Hash == AccessTokenService.HashOf(revoked)).RevokedUtc = DateTime.UtcNow;
            records.Single(t => t.Hash == AccessTokenService.HashOf(expired)).ExpiresUtc = DateTime.UtcNow.AddMinutes(-1);
            await db.SaveChangesAsync();
        }
        Assert.Equal(HttpStatusCode.Unauthorized, (await Api(revoked).PostAsJsonAsync("/api/content", body)).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await Api(expired).PostAsJsonAsync("/api/content", body)).StatusCode);
    }

    [Fact]
    public async Task Tokens_are_stored_hashed_and_a_signed_in_cookie_cannot_write()
    {
        var email = await site.CreateUserAsync(Roles.Redacteur);
        var token = await TokenAsync(email, TokenScope.Write);
        await using (var scope = site.Scope())
        {
            var stored = await site.Get<LerendeRegioDbContext>(scope).Set<PersonalAccessToken>().SingleAsync(t => t.Hash == AccessTokenService.HashOf(token));
            Assert.DoesNotContain(token, stored.Hash + stored.Prefix + stored.Name, StringComparison.Ordinal);
            Assert.StartsWith(stored.Prefix, token, StringComparison.Ordinal);
        }
        var browser = await site.SignedInClientAsync(email);
        var response = await browser.PostAsJsonAsync("/api/content", await DraftBodyAsync("Via de cookie"));
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Fact]
    public async Task A_Bijdrager_cannot_read_or_change_someone_elses_draft()
    {
        var first = Api(await TokenAsync(await site.CreateUserAsync(Roles.Bijdrager), TokenScope.Write));
        var second = Api(await TokenAsync(await site.CreateUserAsync(Roles.Bijdrager), TokenScope.Write));
        var created = await first.PostAsJsonAsync("/api/content", await DraftBodyAsync("Van de eerste school"));
        var id = (await created.Content.ReadFromJsonAsync<JsonObject>())!["id"]!.GetValue<string>();
        Assert.Equal(HttpStatusCode.OK, (await first.GetAsync($"/api/content/{id}/latest")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await second.GetAsync($"/api/content/{id}/latest")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await PutAsync(second, $"/api/content/{id}", await DraftBodyAsync("Overgenomen"), "\"r1\"")).StatusCode);
    }

    [GeneratedRegex("value=\"(lrpat_[A-Za-z0-9_-]+)\"")]
    private static partial Regex ShownToken();
}
