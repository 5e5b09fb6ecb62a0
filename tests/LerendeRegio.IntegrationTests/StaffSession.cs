using System.Net;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace LerendeRegio.IntegrationTests;

/// <summary>Signs people in through the real sign-in page, so tests of staff pages and APIs go through cookies, antiforgery and policies.</summary>
public static partial class StaffSession
{
    public const string Password = "een heel lang testwachtwoord";

    /// <summary>Creates a confirmed account with a role (and an optional organisation claim); returns its e-mail address.</summary>
    public static async Task<string> CreateUserAsync(this SiteFixture site, string role, string? organisation = null, string? email = null)
    {
        email ??= $"{role.ToLowerInvariant()}-{Guid.NewGuid():N}@lerenderegio.test";
        await using var scope = site.Scope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<IdentityUser>>();
        var user = new IdentityUser { UserName = email, Email = email, EmailConfirmed = true };
        Check(await users.CreateAsync(user, Password));
        Check(await users.AddToRoleAsync(user, role));
        if (organisation is not null) Check(await users.AddClaimAsync(user, new System.Security.Claims.Claim("organisation", organisation)));
        return email;
    }

    /// <summary>A client with its own cookie jar, signed in through <c>/beheer/inloggen</c>.</summary>
    public static async Task<HttpClient> SignedInClientAsync(this SiteFixture site, string email, string password = Password)
    {
        var client = site.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = true });
        var response = await client.PostFormAsync("/beheer/inloggen", new() { ["Input.Email"] = email, ["Input.Password"] = password });
        if (response.StatusCode != HttpStatusCode.Redirect)
            throw new InvalidOperationException($"Sign-in of {email} answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
        return client;
    }

    /// <summary>Posts a form the way a browser does: first GETs the page for its antiforgery token (and cookie).</summary>
    public static async Task<HttpResponseMessage> PostFormAsync(this HttpClient client, string url, Dictionary<string, string> fields, string? formPage = null)
    {
        var page = await client.GetStringAsync(formPage ?? url);
        var token = AntiforgeryToken().Match(page);
        if (!token.Success) throw new InvalidOperationException($"{formPage ?? url} has no antiforgery token.");
        var body = new Dictionary<string, string>(fields) { ["__RequestVerificationToken"] = WebUtility.HtmlDecode(token.Groups[1].Value) };
        return await client.PostAsync(url, new FormUrlEncodedContent(body));
    }

    private static void Check(IdentityResult result)
    {
        if (!result.Succeeded) throw new InvalidOperationException(string.Join("; ", result.Errors.Select(e => e.Description)));
    }

    [GeneratedRegex("name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"")]
    private static partial Regex AntiforgeryToken();
}
