using LerendeRegio.Web.Accounts;
using LerendeRegio.Web.Audit;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace LerendeRegio.Web.Pages.Beheer.Account;

/// <summary>The user's own account: role, organisation, two-factor authentication and recovery codes.</summary>
public sealed class AccountModel(UserManager<IdentityUser> users, SignInManager<IdentityUser> signIn, AuditLog audit) : PageModel
{
    public IdentityUser Account { get; private set; } = null!;
    public string? Role { get; private set; }
    public int RecoveryCodesLeft { get; private set; }
    public IReadOnlyList<string>? NewRecoveryCodes { get; private set; }

    [TempData]
    public string? Message { get; set; }

    public async Task<IActionResult> OnGetAsync()
    {
        if (!await LoadAsync()) return Challenge();
        return Page();
    }

    public async Task<IActionResult> OnPostRecoveryCodesAsync()
    {
        if (!await LoadAsync()) return Challenge();
        if (!Account.TwoFactorEnabled) return RedirectToPage();
        NewRecoveryCodes = [.. await users.GenerateNewTwoFactorRecoveryCodesAsync(Account, 10) ?? []];
        RecoveryCodesLeft = NewRecoveryCodes.Count;
        return Page();
    }

    public async Task<IActionResult> OnPostDisableAsync()
    {
        if (!await LoadAsync()) return Challenge();
        if (User.IsInRole(Roles.Administrator))
        {
            Message = "Voor beheerders is tweestapsverificatie verplicht; je kunt hem niet uitzetten.";
            return RedirectToPage();
        }
        await users.SetTwoFactorEnabledAsync(Account, false);
        await users.ResetAuthenticatorKeyAsync(Account);
        await audit.WriteAsync(AuditAction.TwoFactorDisabled, Account.Email);
        await signIn.RefreshSignInAsync(Account);
        Message = "Tweestapsverificatie staat uit.";
        return RedirectToPage();
    }

    private async Task<bool> LoadAsync()
    {
        ViewData["Title"] = "Mijn account";
        var user = await users.GetUserAsync(User);
        if (user is null) return false;
        Account = user;
        Role = (await users.GetRolesAsync(user)).FirstOrDefault();
        RecoveryCodesLeft = user.TwoFactorEnabled ? await users.CountRecoveryCodesAsync(user) : 0;
        return true;
    }
}
