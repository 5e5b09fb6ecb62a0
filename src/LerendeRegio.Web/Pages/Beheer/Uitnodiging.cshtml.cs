using LerendeRegio.Web.Accounts;
using LerendeRegio.Web.Audit;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace LerendeRegio.Web.Pages.Beheer;

/// <summary>An invited person chooses a password with the link from the invitation mail; then they sign in.</summary>
public sealed class AcceptInvitationModel(UserManager<IdentityUser> users, AuditLog audit) : PageModel
{
    [BindProperty(SupportsGet = true, Name = "gebruiker")]
    public string? UserId { get; set; }

    [BindProperty(SupportsGet = true, Name = "code")]
    public string? Code { get; set; }

    [BindProperty]
    public NewPasswordInput Input { get; set; } = new();

    [TempData]
    public string? Message { get; set; }

    public string? Email { get; private set; }

    public string? Failure { get; private set; }

    public async Task<IActionResult> OnGetAsync()
    {
        ViewData["Title"] = "Welkom bij LerendeRegio";
        var user = await ValidAsync();
        if (user is null) return Answer(Expired);
        Email = user.Email;
        return Page();
    }

    public async Task<IActionResult> OnPostAsync()
    {
        ViewData["Title"] = "Welkom bij LerendeRegio";
        var user = await ValidAsync();
        if (user is null) return Answer(Expired);
        Email = user.Email;
        if (!ModelState.IsValid) return Answer(null);
        var result = await users.AddPasswordAsync(user, Input.Password);
        if (!result.Succeeded)
        {
            foreach (var e in result.Errors) ModelState.AddModelError("Input.Password", e.Description);
            return Answer(null);
        }
        user.EmailConfirmed = true;
        await users.UpdateAsync(user);
        await audit.WriteAsync(AuditAction.InvitationAccepted, user.Email, null, user.Id, user.Email);
        Message = "Je wachtwoord is ingesteld. Log nu in met je e-mailadres en dat wachtwoord.";
        return Redirect("/beheer/inloggen");
    }

    private const string Expired = "Deze uitnodiging is verlopen of al gebruikt. Vraag de beheerder om een nieuwe, of vraag een nieuw wachtwoord aan als je al een wachtwoord hebt gekozen.";

    // Adding the password renews the security stamp, which makes the token worthless: the link works once.
    private async Task<IdentityUser?> ValidAsync()
    {
        var user = UserId is null ? null : await users.FindByIdAsync(UserId);
        if (user is null || Code is null || user.PasswordHash is not null || StaffAccounts.IsBlocked(user)) return null;
        return await users.VerifyUserTokenAsync(user, InvitationTokenProvider.ProviderName, InvitationTokenProvider.Purpose, Code) ? user : null;
    }

    private PageResult Answer(string? failure)
    {
        Failure = failure;
        Response.StatusCode = StatusCodes.Status400BadRequest;
        return Page();
    }
}
