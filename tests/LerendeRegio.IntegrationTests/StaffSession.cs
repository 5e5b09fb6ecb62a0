using System.Net;
using System.Text.RegularExpressions;
using LerendeRegio.Web.Accounts;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using MimeKit;

namespace LerendeRegio.IntegrationTests;

/// <summary>Signs people in through the real sign-in page, so tests of staff pages and APIs go through cookies, antiforgery and policies.</summary>
public static partial class StaffSession
{
    public const string Password = "een heel lang testwachtwoord";

    /// <summary>
    /// Creates a confirmed account with a role (and an optional organisation claim); returns its e-mail address.
    /// Administrators get two-factor authentication with an authenticator key, as the site requires of them.
    /// </summary>
    public static async Task<string> CreateUserAsync(this SiteFixture site, string role, string? organisation = null, string? email = null)
    {
        email ??= $"{role.ToLowerInvariant()}-{Guid.NewGuid():N}@lerenderegio.test";
        await using var scope = site.Scope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<IdentityUser>>();
        var user = new IdentityUser { UserName = email, Email = email, EmailConfirmed = true };
        Check(await users.CreateAsync(user, Password));
        Check(await users.AddToRoleAsync(user, role));
        if (organisation is not null) Check(await users.AddClaimAsync(user, new System.Security.Claims.Claim(StaffClaims.Organisation, organisation)));
        if (role == Roles.Administrator)
        {
            Check(await users.ResetAuthenticatorKeyAsync(user));
            Check(await users.SetTwoFactorEnabledAsync(user, true));
        }
        return email;
    }

    /// <summary>
    /// A client with its own cookie jar, signed in through <c>/beheer/inloggen</c>; an account with two-factor
    /// authentication also passes <c>/beheer/tweestaps</c> with a code computed from its key.
    /// </summary>
    public static async Task<HttpClient> SignedInClientAsync(this SiteFixture site, string email, string password = Password)
    {
        var client = site.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = true });
        var response = await client.PostFormAsync("/beheer/inloggen", new() { ["Input.Email"] = email, ["Input.Password"] = password });
        if (response.StatusCode != HttpStatusCode.Redirect)
            throw new InvalidOperationException($"Sign-in of {email} answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
        if (response.Headers.Location!.OriginalString.StartsWith("/beheer/tweestaps", StringComparison.OrdinalIgnoreCase))
        {
            var second = await client.PostFormAsync(response.Headers.Location.OriginalString, new() { ["Input.Code"] = await site.CurrentCodeAsync(email) });
            if (second.StatusCode != HttpStatusCode.Redirect)
                throw new InvalidOperationException($"Second step of {email} answered {(int)second.StatusCode}: {await second.Content.ReadAsStringAsync()}");
        }
        return client;
    }

    /// <summary>The code an authenticator app shows now for the account's key.</summary>
    public static async Task<string> CurrentCodeAsync(this SiteFixture site, string email)
    {
        await using var scope = site.Scope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<IdentityUser>>();
        var user = await users.FindByEmailAsync(email) ?? throw new InvalidOperationException(email + " does not exist");
        var key = await users.GetAuthenticatorKeyAsync(user) ?? throw new InvalidOperationException(email + " has no authenticator key");
        return Totp.Code(key, DateTimeOffset.UtcNow);
    }

    /// <summary>A signed-in administrator (with two-factor authentication, as required).</summary>
    public static async Task<(HttpClient Client, string Email)> AdministratorAsync(this SiteFixture site)
    {
        var email = await site.CreateUserAsync(Roles.Administrator);
        return (await site.SignedInClientAsync(email), email);
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

    /// <summary>Posts form fields (repeated names allowed) with a token taken from <paramref name="formPage"/>.</summary>
    public static async Task<HttpResponseMessage> PostFieldsAsync(this HttpClient client, string url, IEnumerable<KeyValuePair<string, string>> fields, string? formPage = null)
    {
        var page = await client.GetStringAsync(formPage ?? url);
        var token = AntiforgeryToken().Match(page);
        if (!token.Success) throw new InvalidOperationException($"{formPage ?? url} has no antiforgery token.");
        return await client.PostAsync(url, new FormUrlEncodedContent([.. fields, new("__RequestVerificationToken", WebUtility.HtmlDecode(token.Groups[1].Value))]));
    }

    /// <summary>The mails written to the pickup folder for one address, oldest first.</summary>
    public static IReadOnlyList<MimeMessage> MailsTo(this SiteFixture site, string email)
    {
        var folder = Path.Combine(site.DataPath, "mail");
        if (!Directory.Exists(folder)) return [];
        return [.. Directory.GetFiles(folder, "*.eml").Order(StringComparer.Ordinal)
            .Select(f => MimeMessage.Load(f))
            .Where(m => m.To.Mailboxes.Any(a => string.Equals(a.Address, email, StringComparison.OrdinalIgnoreCase)))];
    }

    /// <summary>The first link in a mail's text part that points at <paramref name="path"/>, as a local URL.</summary>
    public static string LinkIn(MimeMessage message, string path)
    {
        var match = Regex.Match(message.TextBody ?? "", @"https?://[^\s]+" + Regex.Escape(path) + @"\?[^\s]+");
        if (!match.Success) throw new InvalidOperationException($"No link to {path} in: {message.TextBody}");
        var uri = new Uri(match.Value);
        return uri.PathAndQuery;
    }

    private static void Check(IdentityResult result)
    {
        if (!result.Succeeded) throw new InvalidOperationException(string.Join("; ", result.Errors.Select(e => e.Description)));
    }

    [GeneratedRegex("name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"")]
    private static partial Regex AntiforgeryToken();
}
