using System.Net;
using System.Text.RegularExpressions;
using LerendeRegio.Web.Accounts;
using LerendeRegio.Web.Audit;
using LerendeRegio.Web.Data;
using Microsoft.EntityFrameworkCore;

namespace LerendeRegio.IntegrationTests;

/// <summary>Invitations, password reset and two-factor sign-in, with the mails read from the .eml pickup folder.</summary>
public sealed partial class AccountsTests(SqliteSite site) : IClassFixture<SqliteSite>
{
    [Fact]
    public async Task An_administrator_invites_a_school_which_chooses_its_password_from_the_mail_and_signs_in()
    {
        var (admin, adminEmail) = await site.AdministratorAsync();
        const string school = "directie@obs-de-klimop.test";
        var invited = await admin.PostFormAsync("/beheer/gebruikers/uitnodigen",
            new() { ["Input.Email"] = school, ["Input.Role"] = Roles.Bijdrager, ["Input.Organisation"] = "OBS De Klimop" });
        Assert.Equal(HttpStatusCode.Redirect, invited.StatusCode);
        Assert.Contains("Uitgenodigd", await admin.GetStringAsync("/beheer/gebruikers"), StringComparison.Ordinal);

        var mail = Assert.Single(site.MailsTo(school));
        Assert.Equal("Je uitnodiging voor LerendeRegio", mail.Subject);
        Assert.Contains("bijdrager", mail.TextBody, StringComparison.Ordinal);
        Assert.Contains("OBS De Klimop", mail.HtmlBody, StringComparison.Ordinal);
        var link = StaffSession.LinkIn(mail, "/beheer/uitnodiging");

        // Not signed in yet: without a password the account cannot be used.
        var anonymous = site.CreateClient(new() { AllowAutoRedirect = false });
        Assert.Equal(HttpStatusCode.BadRequest, (await anonymous.PostFormAsync("/beheer/inloggen", new() { ["Input.Email"] = school, ["Input.Password"] = "" })).StatusCode);
        var weak = await anonymous.PostFormAsync(link, new() { ["Input.Password"] = "kort", ["Input.Repeat"] = "kort" });
        Assert.Equal(HttpStatusCode.BadRequest, weak.StatusCode);
        Assert.Contains("minstens 12 tekens", await weak.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        const string password = "klimop klimt altijd omhoog";
        var accepted = await anonymous.PostFormAsync(link, new() { ["Input.Password"] = password, ["Input.Repeat"] = password });
        Assert.Equal(HttpStatusCode.Redirect, accepted.StatusCode);
        // The link works once.
        Assert.Equal(HttpStatusCode.BadRequest, (await anonymous.GetAsync(link)).StatusCode);

        var client = await site.SignedInClientAsync(school, password);
        var home = await client.GetStringAsync("/beheer");
        Assert.Contains("OBS De Klimop", home, StringComparison.Ordinal);

        await using var scope = site.Scope();
        var audit = await site.Get<LerendeRegioDbContext>(scope).Set<AuditEntry>().Where(a => a.Subject == school).ToListAsync();
        Assert.Contains(audit, a => a.Action == AuditAction.Invited && a.ActorName == adminEmail);
        Assert.Contains(audit, a => a.Action == AuditAction.InvitationAccepted);
        Assert.Contains(audit, a => a.Action == AuditAction.SignedIn);
    }

    [Fact]
    public async Task A_password_reset_answers_the_same_for_unknown_addresses_and_sets_a_new_password_once()
    {
        var email = await site.CreateUserAsync(Roles.Auteur);
        var anonymous = site.CreateClient(new() { AllowAutoRedirect = false });
        var known = await anonymous.PostFormAsync("/beheer/wachtwoord-vergeten", new() { ["Input.Email"] = email });
        var unknown = await anonymous.PostFormAsync("/beheer/wachtwoord-vergeten", new() { ["Input.Email"] = "niemand-hier@lerenderegio.test" });
        Assert.Equal(HttpStatusCode.OK, known.StatusCode);
        Assert.Equal(HttpStatusCode.OK, unknown.StatusCode);
        Assert.Equal(Notice(await known.Content.ReadAsStringAsync()).Replace(email, "X", StringComparison.Ordinal),
            Notice(await unknown.Content.ReadAsStringAsync()).Replace("niemand-hier@lerenderegio.test", "X", StringComparison.Ordinal));
        Assert.Empty(site.MailsTo("niemand-hier@lerenderegio.test"));

        var mail = Assert.Single(site.MailsTo(email));
        Assert.Equal("Nieuw wachtwoord voor LerendeRegio", mail.Subject);
        Assert.NotNull(mail.HtmlBody);
        var link = StaffSession.LinkIn(mail, "/beheer/wachtwoord-herstellen");
        const string password = "een gloednieuw lang wachtwoord";
        var mismatch = await anonymous.PostFormAsync(link, new() { ["Input.Password"] = password, ["Input.Repeat"] = password + "x" });
        Assert.Equal(HttpStatusCode.BadRequest, mismatch.StatusCode);
        Assert.Contains("niet gelijk", await mismatch.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Redirect, (await anonymous.PostFormAsync(link, new() { ["Input.Password"] = password, ["Input.Repeat"] = password })).StatusCode);
        var again = await anonymous.PostFormAsync(link, new() { ["Input.Password"] = password + " twee", ["Input.Repeat"] = password + " twee" });
        Assert.Contains("verlopen of al gebruikt", await again.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        await site.SignedInClientAsync(email, password);
        await Assert.ThrowsAsync<InvalidOperationException>(() => site.SignedInClientAsync(email, StaffSession.Password));
    }

    [Fact]
    public async Task An_administrator_without_two_factor_must_set_it_up_first_and_then_signs_in_with_a_code_or_a_recovery_code()
    {
        var client = await site.SignedInClientAsync(SiteFixture.AdminEmail, SiteFixture.AdminPassword);
        foreach (var page in new[] { "/beheer", "/beheer/gebruikers", "/beheer/inhoud/nieuw/Project" })
        {
            var sent = await client.GetAsync(page);
            Assert.Equal(HttpStatusCode.Redirect, sent.StatusCode);
            Assert.Equal("/beheer/account/tweestapsverificatie", sent.Headers.Location!.OriginalString);
        }
        var setup = await client.GetStringAsync("/beheer/account/tweestapsverificatie");
        Assert.Contains("verplicht", setup, StringComparison.Ordinal);
        var key = KeyOnPage().Match(setup).Groups[1].Value.Replace(" ", "", StringComparison.Ordinal);
        Assert.True(key.Length >= 16, "shared key shown");

        var wrong = await client.PostFormAsync("/beheer/account/tweestapsverificatie", new() { ["Input.Code"] = "000000" == Totp.Code(key, DateTimeOffset.UtcNow) ? "111111" : "000000" });
        Assert.Equal(HttpStatusCode.BadRequest, wrong.StatusCode);
        var enabled = await client.PostFormAsync("/beheer/account/tweestapsverificatie", new() { ["Input.Code"] = Totp.Code(key, DateTimeOffset.UtcNow) });
        Assert.Equal(HttpStatusCode.OK, enabled.StatusCode);
        var codes = RecoveryCode().Matches(await enabled.Content.ReadAsStringAsync()).Select(m => m.Value).ToList();
        Assert.Equal(10, codes.Count);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/beheer/gebruikers")).StatusCode);

        // The next sign-in asks for the code; a recovery code works once.
        var next = site.CreateClient(new() { AllowAutoRedirect = false });
        var first = await next.PostFormAsync("/beheer/inloggen", new() { ["Input.Email"] = SiteFixture.AdminEmail, ["Input.Password"] = SiteFixture.AdminPassword });
        Assert.StartsWith("/beheer/tweestaps", first.Headers.Location!.OriginalString, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Redirect, (await next.GetAsync("/beheer")).StatusCode);
        var bad = await next.PostFormAsync(first.Headers.Location.OriginalString, new() { ["Input.Code"] = "12345-abcde" });
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        var recovered = await next.PostFormAsync(first.Headers.Location.OriginalString, new() { ["Input.Code"] = codes[0] });
        Assert.Equal(HttpStatusCode.Redirect, recovered.StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await next.GetAsync("/beheer")).StatusCode);

        var third = site.CreateClient(new() { AllowAutoRedirect = false });
        var step = await third.PostFormAsync("/beheer/inloggen", new() { ["Input.Email"] = SiteFixture.AdminEmail, ["Input.Password"] = SiteFixture.AdminPassword });
        Assert.Equal(HttpStatusCode.BadRequest, (await third.PostFormAsync(step.Headers.Location!.OriginalString, new() { ["Input.Code"] = codes[0] })).StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, (await third.PostFormAsync(step.Headers.Location.OriginalString, new() { ["Input.Code"] = Totp.Code(key, DateTimeOffset.UtcNow) })).StatusCode);

        // Administrators cannot switch it off.
        await third.PostFormAsync("/beheer/account?handler=Disable", [], "/beheer/account");
        Assert.Equal(HttpStatusCode.OK, (await third.GetAsync("/beheer/gebruikers")).StatusCode);
    }

    [Fact]
    public async Task Role_changes_and_blocks_take_effect_are_audited_and_the_last_administrator_is_protected()
    {
        var (admin, _) = await site.AdministratorAsync();
        var email = await site.CreateUserAsync(Roles.Bijdrager, "Oude school");
        var user = await site.SignedInClientAsync(email);
        Assert.Equal(HttpStatusCode.Redirect, (await user.GetAsync("/beheer/gebruikers")).StatusCode);
        var id = UserLink().Matches(await admin.GetStringAsync("/beheer/gebruikers")).Single(m => m.Groups[2].Value == email).Groups[1].Value;

        var changed = await admin.PostFormAsync($"/beheer/gebruikers/{id}", new() { ["Input.Role"] = Roles.Redacteur, ["Input.Organisation"] = "Programmateam" });
        Assert.Equal(HttpStatusCode.Redirect, changed.StatusCode);
        // The new rights apply at the next sign-in at once (open sessions within the security-stamp interval).
        var again = await site.SignedInClientAsync(email);
        Assert.Contains("Programmateam", await again.GetStringAsync("/beheer"), StringComparison.Ordinal);

        var blocked = await admin.PostFormAsync($"/beheer/gebruikers/{id}?handler=Block", [], $"/beheer/gebruikers/{id}");
        Assert.Equal(HttpStatusCode.Redirect, blocked.StatusCode);
        var refused = await site.CreateClient(new() { AllowAutoRedirect = false }).PostFormAsync("/beheer/inloggen", new() { ["Input.Email"] = email, ["Input.Password"] = StaffSession.Password });
        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
        Assert.Contains("geblokkeerd", await refused.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Redirect, (await admin.PostFormAsync($"/beheer/gebruikers/{id}?handler=Unblock", [], $"/beheer/gebruikers/{id}")).StatusCode);
        await site.SignedInClientAsync(email);

        await using var scope = site.Scope();
        var audit = await site.Get<LerendeRegioDbContext>(scope).Set<AuditEntry>().Where(a => a.Subject == email).Select(a => a.Action).ToListAsync();
        Assert.Contains(AuditAction.RoleChanged, audit);
        Assert.Contains(AuditAction.OrganisationChanged, audit);
        Assert.Contains(AuditAction.Blocked, audit);
        Assert.Contains(AuditAction.Unblocked, audit);
        Assert.Contains(AuditAction.SignInFailed, audit);
    }

    [Fact]
    public async Task The_audit_log_shows_sign_ins_failures_and_lockouts_to_administrators_only_with_paging()
    {
        var email = await site.CreateUserAsync(Roles.Auteur);
        var anonymous = site.CreateClient(new() { AllowAutoRedirect = false });
        for (var i = 0; i < 5; i++)
            await anonymous.PostFormAsync("/beheer/inloggen", new() { ["Input.Email"] = email, ["Input.Password"] = "helemaal niet goed" });
        for (var i = 0; i < 50; i++)
            await anonymous.PostFormAsync("/beheer/inloggen", new() { ["Input.Email"] = $"onbekend{i}@lerenderegio.test", ["Input.Password"] = "fout fout fout" });
        var (admin, _) = await site.AdministratorAsync();
        var page = await admin.GetStringAsync("/beheer/auditlog");
        Assert.Contains("Ingelogd", page, StringComparison.Ordinal);
        Assert.Contains("rel=\"next\"", page, StringComparison.Ordinal);
        var lockouts = await admin.GetStringAsync("/beheer/auditlog?soort=LockedOut");
        Assert.Contains(email, lockouts, StringComparison.Ordinal);
        Assert.Contains("te veel mislukte pogingen", lockouts, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.BadRequest, (await admin.GetAsync("/beheer/auditlog?soort=Onzin")).StatusCode);

        var editor = await site.SignedInClientAsync(await site.CreateUserAsync(Roles.Redacteur));
        var denied = await editor.GetAsync("/beheer/auditlog");
        Assert.Equal(HttpStatusCode.Redirect, denied.StatusCode);
        Assert.Contains("/beheer/geen-toegang", denied.Headers.Location!.OriginalString, StringComparison.Ordinal);
    }

    private static string Notice(string page) => NoticeBlock().Match(page).Value;

    [GeneratedRegex("<div class=\"notice notice--ok\"[\\s\\S]*?</div>")]
    private static partial Regex NoticeBlock();

    [GeneratedRegex("<span class=\"secret\" id=\"sleutel\">([a-z0-9 ]+)</span>")]
    private static partial Regex KeyOnPage();

    [GeneratedRegex("\\b[A-Za-z0-9]{5}-[A-Za-z0-9]{5}\\b")]
    private static partial Regex RecoveryCode();

    [GeneratedRegex("href=\"/beheer/gebruikers/([0-9a-f-]{36})\">([^<]+)</a>")]
    private static partial Regex UserLink();
}
