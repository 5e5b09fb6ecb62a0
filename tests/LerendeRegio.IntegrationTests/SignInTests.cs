using System.Net;
using LerendeRegio.Web.Accounts;

namespace LerendeRegio.IntegrationTests;

public sealed class SignInTests(SqliteSite site) : IClassFixture<SqliteSite>
{
    [Fact]
    public async Task Staff_pages_send_anonymous_visitors_to_the_sign_in_page()
    {
        var client = site.CreateClient(new() { AllowAutoRedirect = false });
        var response = await client.GetAsync("/beheer");
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.StartsWith("http://localhost/beheer/inloggen?ReturnUrl=%2Fbeheer", response.Headers.Location!.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_signed_in_member_of_staff_sees_the_staff_home_without_caching()
    {
        var email = await site.CreateUserAsync(Roles.Auteur);
        var client = await site.SignedInClientAsync(email);
        var response = await client.GetAsync("/beheer");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains(email, await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.True(response.Headers.CacheControl?.NoStore);
    }

    [Fact]
    public async Task A_wrong_password_gets_a_Dutch_message_and_the_same_answer_as_an_unknown_address()
    {
        var client = site.CreateClient(new() { AllowAutoRedirect = false });
        var wrong = await client.PostFormAsync("/beheer/inloggen", new() { ["Input.Email"] = SiteFixture.AdminEmail, ["Input.Password"] = "dit is niet het wachtwoord" });
        var unknown = await client.PostFormAsync("/beheer/inloggen", new() { ["Input.Email"] = "niemand@lerenderegio.test", ["Input.Password"] = "dit is niet het wachtwoord" });
        Assert.Equal(HttpStatusCode.BadRequest, wrong.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, unknown.StatusCode);
        Assert.Contains("horen niet bij elkaar", await wrong.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Contains("horen niet bij elkaar", await unknown.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Five_wrong_passwords_lock_the_account_even_for_the_right_password()
    {
        var email = await site.CreateUserAsync(Roles.Bijdrager);
        var client = site.CreateClient(new() { AllowAutoRedirect = false });
        for (var i = 0; i < 5; i++)
            await client.PostFormAsync("/beheer/inloggen", new() { ["Input.Email"] = email, ["Input.Password"] = "fout fout fout fout" });
        var right = await client.PostFormAsync("/beheer/inloggen", new() { ["Input.Email"] = email, ["Input.Password"] = StaffSession.Password });
        Assert.Equal(HttpStatusCode.TooManyRequests, right.StatusCode);
        Assert.Contains("geblokkeerd", await right.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_return_url_elsewhere_is_ignored()
    {
        var email = await site.CreateUserAsync(Roles.Auteur);
        var client = site.CreateClient(new() { AllowAutoRedirect = false });
        var response = await client.PostFormAsync("/beheer/inloggen?returnUrl=https%3A%2F%2Fevil.example%2F",
            new() { ["Input.Email"] = email, ["Input.Password"] = StaffSession.Password, ["ReturnUrl"] = "https://evil.example/" });
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal("/beheer", response.Headers.Location!.ToString());
    }

    [Fact]
    public async Task Signing_out_ends_the_session()
    {
        var email = await site.CreateUserAsync(Roles.Redacteur);
        var client = await site.SignedInClientAsync(email);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/beheer")).StatusCode);
        var signedOut = await client.PostFormAsync("/beheer/uitloggen", [], formPage: "/beheer");
        Assert.Equal(HttpStatusCode.Redirect, signedOut.StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, (await client.GetAsync("/beheer")).StatusCode);
    }

    [Fact]
    public async Task Policies_follow_the_permissions_of_the_role()
    {
        await using var scope = site.Scope();
        var policies = site.Get<Microsoft.AspNetCore.Authorization.IAuthorizationPolicyProvider>(scope);
        foreach (var permission in Permissions.All)
            Assert.NotNull(await policies.GetPolicyAsync(permission));
    }
}
