using System.Net;
using System.Text.RegularExpressions;
using LerendeRegio.Web.Accounts;
using LerendeRegio.Web.Content;
using LerendeRegio.Web.Editorial;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.Mvc.RazorPages.Infrastructure;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace LerendeRegio.IntegrationTests;

/// <summary>
/// Every staff page and action, and every API endpoint that changes something, against every role and anonymous, from
/// ONE table. A second test lists the site's endpoints and fails when one under /beheer (or a non-GET one under /api) is
/// missing from the table, so a new endpoint cannot be forgotten.
/// </summary>
public sealed partial class AuthorisationMatrixTests(SqliteSite site) : IClassFixture<SqliteSite>
{
    /// <summary>Columns of <see cref="Row.Expect"/>: anonymous, then the roles from least to most.</summary>
    private static readonly string?[] Who = [null, Roles.Bijdrager, Roles.Auteur, Roles.Redacteur, Roles.Administrator];

    /// <param name="Route">The endpoint's route pattern, as the site declares it.</param>
    /// <param name="Expect">A (allowed) or D (denied) for anonymous, Bijdrager, Auteur, Redacteur, Administrator.</param>
    /// <param name="Url">The request; {draft} is someone else's item waiting for review, {version} its version,
    /// {published} a published item, {fresh} a new published item per request, {user} another account.</param>
    private sealed record Row(string Method, string Route, string? Handler, string Expect, string Url, string Form = "");

    private static readonly Row[] Table =
    [
        new("GET", "/beheer", null, "DAAAA", "/beheer"),
        new("GET", "/beheer/inhoud", null, "DAAAA", "/beheer/inhoud"),
        new("GET", "/beheer/inhoud/nieuw/{type?}", null, "DAAAA", "/beheer/inhoud/nieuw/SchoolPractice"),
        new("POST", "/beheer/inhoud/nieuw/{type?}", null, "DAAAA", "/beheer/inhoud/nieuw/SchoolPractice", "titel="),
        new("GET", "/beheer/inhoud/{id}", null, "DDDAA", "/beheer/inhoud/{draft}"),
        new("POST", "/beheer/inhoud/{id}", null, "DDDAA", "/beheer/inhoud/{draft}", "titel=&revisie=0"),
        new("POST", "/beheer/inhoud/{id}", "Withdraw", "DDDAA", "/beheer/inhoud/{draft}", "revisie=0"),
        new("GET", "/beheer/inhoud/{id}/beoordelen", null, "DDDAA", "/beheer/inhoud/{draft}/beoordelen"),
        new("POST", "/beheer/inhoud/{id}/beoordelen", "Publish", "DDDAA", "/beheer/inhoud/{draft}/beoordelen", "revisie=0"),
        new("POST", "/beheer/inhoud/{id}/beoordelen", "SendBack", "DDDAA", "/beheer/inhoud/{draft}/beoordelen", "revisie=0&opmerking="),
        new("GET", "/beheer/inhoud/{id}/geschiedenis", null, "DDDAA", "/beheer/inhoud/{draft}/geschiedenis"),
        new("POST", "/beheer/inhoud/{id}/geschiedenis", "Restore", "DDDAA", "/beheer/inhoud/{draft}/geschiedenis?versie={version}", "revisie=0"),
        new("GET", "/beheer/inhoud/{id}/depubliceren", null, "DDDAA", "/beheer/inhoud/{published}/depubliceren"),
        new("POST", "/beheer/inhoud/{id}/depubliceren", null, "DDDAA", "/beheer/inhoud/{fresh}/depubliceren"),
        new("GET", "/beheer/inhoud/{id}/verwijderen", null, "DDDAA", "/beheer/inhoud/{published}/verwijderen"),
        new("POST", "/beheer/inhoud/{id}/verwijderen", null, "DDDAA", "/beheer/inhoud/{fresh}/verwijderen"),
        new("POST", "/beheer/voorbeeld", null, "DAAAA", "/beheer/voorbeeld", "tekst=*hallo*"),
        new("GET", "/beheer/gebruikers", null, "DDDDA", "/beheer/gebruikers"),
        new("GET", "/beheer/gebruikers/uitnodigen", null, "DDDDA", "/beheer/gebruikers/uitnodigen"),
        new("POST", "/beheer/gebruikers/uitnodigen", null, "DDDDA", "/beheer/gebruikers/uitnodigen", "Input.Email="),
        new("GET", "/beheer/gebruikers/{id}", null, "DDDDA", "/beheer/gebruikers/{user}"),
        new("POST", "/beheer/gebruikers/{id}", null, "DDDDA", "/beheer/gebruikers/{user}", "Input.Role="),
        new("POST", "/beheer/gebruikers/{id}", "Block", "DDDDA", "/beheer/gebruikers/{user}"),
        new("POST", "/beheer/gebruikers/{id}", "Unblock", "DDDDA", "/beheer/gebruikers/{user}"),
        new("POST", "/beheer/gebruikers/{id}", "Resend", "DDDDA", "/beheer/gebruikers/{user}"),
        new("GET", "/beheer/auditlog", null, "DDDDA", "/beheer/auditlog"),
        new("GET", "/beheer/zoekindex", null, "DDDDA", "/beheer/zoekindex"),
        new("POST", "/beheer/zoekindex", "Rebuild", "DDDDA", "/beheer/zoekindex"),
        new("POST", "/beheer/media", null, "DAAAA", "/beheer/media"),
        new("GET", "/beheer/verouderd", null, "DDDAA", "/beheer/verouderd"),
        new("GET", "/beheer/api-sleutels", null, "DAAAA", "/beheer/api-sleutels"),
        new("POST", "/beheer/api-sleutels", "Create", "DAAAA", "/beheer/api-sleutels", "Input.Name="),
        new("POST", "/beheer/api-sleutels", "Revoke", "DAAAA", "/beheer/api-sleutels?id=onbekend"),
        // API writes go with a personal access token (scope write) of the column's role; a cookie never writes.
        new("POST", "/api/content", null, "DAAAA", "/api/content", "{}"),
        new("PUT", "/api/content/{id}", null, "DDDAA", "/api/content/{draft}", "{}"),
        new("POST", "/api/content/{id}/submit", null, "DDDAA", "/api/content/{draft}/submit"),
        new("POST", "/api/content/{id}/publish", null, "DDDAA", "/api/content/{draft}/publish"),
        // Newsletter: editors preview and send; the Hangfire dashboard (any method) is for administrators; subscribing is for everyone.
        new("GET", "/beheer/nieuwsbrief", null, "DDDAA", "/beheer/nieuwsbrief?period=2031-12"),
        new("POST", "/beheer/nieuwsbrief", "Test", "DDDAA", "/beheer/nieuwsbrief?period=2031-12"),
        new("POST", "/beheer/nieuwsbrief", "Verstuur", "DDDAA", "/beheer/nieuwsbrief?period=2031-12"),
        new("GET", "/beheer/nieuwsbrief/voorbeeld", null, "DDDAA", "/beheer/nieuwsbrief/voorbeeld?period=2031-12"),
        new("*", "/beheer/hangfire/{**path}", null, "DDDDA", "/beheer/hangfire"),
        new("POST", "/api/newsletter/subscriptions", null, "AAAAA", "/api/newsletter/subscriptions", "{}"),
        new("GET", "/beheer/account", null, "DAAAA", "/beheer/account"),
        new("POST", "/beheer/account", "RecoveryCodes", "DAAAA", "/beheer/account"),
        new("POST", "/beheer/account", "Disable", "DAAAA", "/beheer/account"),
        new("GET", "/beheer/account/tweestapsverificatie", null, "DAAAA", "/beheer/account/tweestapsverificatie"),
        new("POST", "/beheer/account/tweestapsverificatie", null, "DAAAA", "/beheer/account/tweestapsverificatie", "Input.Code="),
        new("GET", "/beheer/inloggen", null, "AAAAA", "/beheer/inloggen"),
        new("POST", "/beheer/inloggen", null, "AAAAA", "/beheer/inloggen", "Input.Email="),
        // Only between the password and the code; without a sign-in in progress everybody is sent to the start.
        new("GET", "/beheer/tweestaps", null, "DDDDD", "/beheer/tweestaps"),
        new("POST", "/beheer/tweestaps", null, "DDDDD", "/beheer/tweestaps", "Input.Code=123456"),
        new("GET", "/beheer/wachtwoord-vergeten", null, "AAAAA", "/beheer/wachtwoord-vergeten"),
        new("POST", "/beheer/wachtwoord-vergeten", null, "AAAAA", "/beheer/wachtwoord-vergeten", "Input.Email="),
        new("GET", "/beheer/wachtwoord-herstellen", null, "AAAAA", "/beheer/wachtwoord-herstellen"),
        new("POST", "/beheer/wachtwoord-herstellen", null, "AAAAA", "/beheer/wachtwoord-herstellen", "Input.Password="),
        new("GET", "/beheer/uitnodiging", null, "AAAAA", "/beheer/uitnodiging"),
        new("POST", "/beheer/uitnodiging", null, "AAAAA", "/beheer/uitnodiging", "Input.Password="),
        new("GET", "/beheer/geen-toegang", null, "AAAAA", "/beheer/geen-toegang"),
        new("GET", "/beheer/uitloggen", null, "DAAAA", "/beheer/uitloggen"),
        // Last: it ends the session the rows above use.
        new("POST", "/beheer/uitloggen", null, "DAAAA", "/beheer/uitloggen"),
    ];

    [Fact]
    public async Task Every_staff_page_and_action_allows_exactly_the_roles_in_the_table()
    {
        var other = await site.CreateUserAsync(Roles.Bijdrager, "Matrix andere school");
        var ownerClient = await site.SignedInClientAsync(other);
        var draft = await ownerClient.CreatePracticeAsync("Matrix: praktijk van een andere school", "indienen");
        var victim = await site.CreateUserAsync(Roles.Bijdrager, "Matrix slachtoffer");
        string version, victimId, published;
        await using (var scope = site.Scope())
        {
            version = (await site.Get<ContentManager>(scope).GetAsync(draft, VersionOptions.Latest))!.ContentItemVersionId;
            victimId = (await site.Get<UserManager<IdentityUser>>(scope).FindByEmailAsync(victim))!.Id;
            published = await PublishedItemAsync();
        }

        var failures = new List<string>();
        for (var column = 0; column < Who.Length; column++)
        {
            var role = Who[column];
            var email = role is null ? null : await site.CreateUserAsync(role, "Matrixschool " + role);
            var client = email is null ? site.CreateClient(new() { AllowAutoRedirect = false }) : await site.SignedInClientAsync(email);
            var api = site.CreateClient(new() { AllowAutoRedirect = false, HandleCookies = false });
            if (email is not null) api.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", await WriteTokenAsync(email));
            // Antiforgery tokens belong to a session, not to a page: every staff page has one (the sign-out form).
            var token = Token().Match(await client.GetStringAsync(role is null ? "/beheer/inloggen" : "/beheer/account")).Groups[1].Value;
            foreach (var row in Table)
            {
                var url = row.Url.Replace("{draft}", draft, StringComparison.Ordinal).Replace("{version}", version, StringComparison.Ordinal)
                    .Replace("{published}", published, StringComparison.Ordinal).Replace("{user}", victimId, StringComparison.Ordinal);
                if (url.Contains("{fresh}", StringComparison.Ordinal)) url = url.Replace("{fresh}", await PublishedItemAsync(), StringComparison.Ordinal);
                if (row.Handler is not null) url += (url.Contains('?', StringComparison.Ordinal) ? "&" : "?") + "handler=" + row.Handler;
                HttpResponseMessage response;
                if (url.StartsWith("/api/", StringComparison.Ordinal))
                {
                    // Revision 0 never matches: a permitted step stops at 412 (or 428 without If-Match) and changes nothing.
                    using var request = new HttpRequestMessage(new HttpMethod(row.Method), url);
                    if (row.Form.Length > 0) request.Content = new StringContent(row.Form, System.Text.Encoding.UTF8, "application/json");
                    if (row.Method == "POST" && url != "/api/content") request.Headers.TryAddWithoutValidation("If-Match", "\"r0\"");
                    response = await api.SendAsync(request);
                }
                else if (row.Method is "GET" or "*")
                {
                    response = await client.GetAsync(url);
                }
                else
                {
                    var fields = row.Form.Split('&', StringSplitOptions.RemoveEmptyEntries).Select(p => p.Split('=', 2)).Select(p => new KeyValuePair<string, string>(p[0], p[1])).ToList();
                    fields.Add(new("__RequestVerificationToken", WebUtility.HtmlDecode(token)));
                    response = await client.PostAsync(url, new FormUrlEncodedContent(fields));
                }
                if ((int)response.StatusCode >= 500) failures.Add($"{row.Method} {url} as {role ?? "anonymous"}: {(int)response.StatusCode}");
                var allowed = Allowed(response, url);
                var expected = row.Expect[column] == 'A';
                if (allowed != expected)
                    failures.Add($"{row.Method} {url} as {role ?? "anonymous"}: expected {(expected ? "allowed" : "denied")}, got {(int)response.StatusCode} {response.Headers.Location}");
            }
        }
        Assert.True(failures.Count == 0, string.Join('\n', failures));
    }

    [Fact]
    public async Task The_table_lists_every_staff_endpoint_and_every_API_endpoint_that_changes_something()
    {
        var endpoints = await EndpointsAsync();
        var table = Table.Select(r => Key(r.Method, r.Route, r.Handler)).ToHashSet();
        var missing = endpoints.Where(e => !table.Contains(e)).ToList();
        Assert.True(missing.Count == 0, "Endpoints missing from the authorisation table:\n" + string.Join('\n', missing));
        var stale = table.Where(t => !endpoints.Contains(t)).ToList();
        Assert.True(stale.Count == 0, "Table rows for endpoints that no longer exist:\n" + string.Join('\n', stale));
    }

    private async Task<HashSet<string>> EndpointsAsync()
    {
        var keys = new HashSet<string>();
        var loader = site.Services.GetRequiredService<PageLoader>();
        foreach (var endpoint in site.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>())
        {
            // A group's root ("/api/content" + "") is declared with a trailing slash but answers without one.
            var route = "/" + (endpoint.RoutePattern.RawText ?? "").Trim('/');
            var staff = route == "/beheer" || route.StartsWith("/beheer/", StringComparison.Ordinal);
            var api = route == "/api" || route.StartsWith("/api/", StringComparison.Ordinal);
            if (!staff && !api) continue;
            if (endpoint.Metadata.GetMetadata<PageActionDescriptor>() is { } page)
            {
                var compiled = await loader.LoadAsync(page, endpoint.Metadata);
                keys.Add(Key("GET", route, null));
                foreach (var handler in compiled.HandlerMethods)
                    keys.Add(Key(handler.HttpMethod.ToUpperInvariant(), route, handler.Name));
                continue;
            }
            var methods = endpoint.Metadata.GetMetadata<IHttpMethodMetadata>()?.HttpMethods ?? ["*"];
            foreach (var method in methods)
            {
                if (api && method is "GET" or "HEAD" or "OPTIONS") continue;
                keys.Add(Key(method, route, null));
            }
        }
        return keys;
    }

    private static string Key(string method, string route, string? handler) => $"{method} {route}{(handler is null ? "" : "?handler=" + handler)}";

    private static bool Allowed(HttpResponseMessage response, string url)
    {
        switch (response.StatusCode)
        {
            case HttpStatusCode.Unauthorized or HttpStatusCode.NotFound:
                return false;
            case HttpStatusCode.Forbidden:
                // The "no access" page itself answers 403 to whoever opens it.
                return url.StartsWith("/beheer/geen-toegang", StringComparison.Ordinal);
            case HttpStatusCode.Redirect or HttpStatusCode.Found or HttpStatusCode.SeeOther:
                var location = response.Headers.Location!.OriginalString.Replace("http://localhost", "", StringComparison.Ordinal);
                return !location.StartsWith("/beheer/inloggen", StringComparison.OrdinalIgnoreCase)
                    && !location.StartsWith("/beheer/geen-toegang", StringComparison.OrdinalIgnoreCase);
            default:
                return true;
        }
    }

    private async Task<string> WriteTokenAsync(string email)
    {
        await using var scope = site.Scope();
        var user = await site.Get<UserManager<IdentityUser>>(scope).FindByEmailAsync(email);
        return (await site.Get<LerendeRegio.Web.Accounts.AccessTokens.AccessTokenService>(scope)
            .CreateAsync(user!.Id, "matrix", LerendeRegio.Web.Accounts.AccessTokens.TokenScope.Write, 7)).Token;
    }

    private async Task<string> PublishedItemAsync()
    {
        await using var scope = site.Scope();
        var item = await site.Get<ContentManager>(scope).CreateAsync("LessonLearned", new ContentEdit($"Matrixles {Guid.NewGuid():N}", null, System.Text.Json.Nodes.JsonNode.Parse("""
            {"samenvatting":"Een les voor de matrix.","aanleiding":"Er gebeurde iets.","les":"Begin klein.","soort":["positief"]}
            """)!.AsObject()), new CreateOptions { Publish = true });
        return item.ContentItemId;
    }

    [GeneratedRegex("name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"")]
    private static partial Regex Token();
}
