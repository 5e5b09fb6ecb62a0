using LerendeRegio.Web.Accounts;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace LerendeRegio.Web.Pages.Beheer.Gebruikers;

[Authorize(Policy = Permissions.ManageUsers)]
public sealed class UsersModel(StaffAccounts accounts) : PageModel
{
    public IReadOnlyList<StaffAccount> Accounts { get; private set; } = [];

    [Microsoft.AspNetCore.Mvc.TempData]
    public string? Message { get; set; }

    public async Task OnGetAsync()
    {
        ViewData["Title"] = "Gebruikers";
        Accounts = await accounts.ListAsync(HttpContext.RequestAborted);
    }

    public static string Status(StaffAccount a) =>
        a.Blocked ? "Geblokkeerd" : a.Invited ? "Uitgenodigd" : a.TemporarilyLockedOut ? "Tijdelijk geblokkeerd (mislukte pogingen)" : "Actief";
}
