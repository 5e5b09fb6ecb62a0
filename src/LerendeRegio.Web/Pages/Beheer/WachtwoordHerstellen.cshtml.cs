using LerendeRegio.Web.Accounts;
using LerendeRegio.Web.Audit;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace LerendeRegio.Web.Pages.Beheer;

/// <summary>Chooses a new password with the link from the reset mail.</summary>
public sealed class ResetPasswordModel(UserManager<IdentityUser> users, AuditLog audit) : PageModel
{
    [BindProperty(SupportsGet = true, Name = "gebruiker")]
    public string? UserId { get; set; }

    [BindProperty(SupportsGet = true, Name = "code")]
    public string? Code { get; set; }

    [BindProperty]
    public NewPasswordInput Input { get; set; } = new();

    [TempData]
    public string? Message { get; set; }

    public string? Failure { get; private set; }

    public void OnGet() => ViewData["Title"] = "Nieuw wachtwoord kiezen";

    public async Task<IActionResult> OnPostAsync()
    {
        ViewData["Title"] = "Nieuw wachtwoord kiezen";
        if (!ModelState.IsValid) return Answer(null);
        var user = UserId is null ? null : await users.FindByIdAsync(UserId);
        if (user is null || Code is null || StaffAccounts.IsBlocked(user)) return Answer("Deze link is verlopen of al gebruikt. Vraag een nieuwe aan.");
        var result = await users.ResetPasswordAsync(user, Code, Input.Password);
        if (!result.Succeeded)
        {
            foreach (var e in result.Errors.Where(e => e.Code.StartsWith("Password", StringComparison.Ordinal))) ModelState.AddModelError("Input.Password", e.Description);
            return Answer(result.Errors.Any(e => e.Code == nameof(IdentityErrorDescriber.InvalidToken)) ? "Deze link is verlopen of al gebruikt. Vraag een nieuwe aan." : null);
        }
        // A reset is the way out of a lockout after forgotten passwords (not out of a block by an administrator).
        await users.SetLockoutEndDateAsync(user, null);
        await users.ResetAccessFailedCountAsync(user);
        await audit.WriteAsync(AuditAction.PasswordReset, user.Email, null, user.Id, user.Email);
        Message = "Je nieuwe wachtwoord is ingesteld. Log ermee in.";
        return Redirect("/beheer/inloggen");
    }

    private PageResult Answer(string? failure)
    {
        Failure = failure;
        Response.StatusCode = StatusCodes.Status400BadRequest;
        return Page();
    }
}
