using System.ComponentModel.DataAnnotations;
using LerendeRegio.Web.Accounts;
using LerendeRegio.Web.Editorial;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace LerendeRegio.Web.Pages.Beheer.Gebruikers;

/// <summary>One account: change role and organisation, block or unblock, send the invitation again.</summary>
[Authorize(Policy = Permissions.ManageUsers)]
public sealed class EditUserModel(StaffAccounts accounts, EditorialQueries queries, UserManager<IdentityUser> users) : PageModel
{
    public sealed class AccountInput
    {
        [Required(ErrorMessage = "Kies een rol.")]
        public string Role { get; set; } = "";

        [StringLength(200, ErrorMessage = "De naam van de organisatie mag hoogstens 200 tekens hebben.")]
        public string? Organisation { get; set; }
    }

    [BindProperty]
    public AccountInput Input { get; set; } = new();

    public StaffAccount Account { get; private set; } = null!;
    public IReadOnlyList<string> Organisations { get; private set; } = [];
    public string? Problem { get; private set; }

    [TempData]
    public string? Message { get; set; }

    public async Task<IActionResult> OnGetAsync(string id)
    {
        if (!await LoadAsync(id)) return NotFound();
        Input = new AccountInput { Role = Account.Role ?? Roles.Bijdrager, Organisation = Account.Organisation };
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(string id)
    {
        if (!await LoadAsync(id)) return NotFound();
        if (ModelState.IsValid)
        {
            try
            {
                await accounts.ChangeAsync(User, id, Input.Role, Input.Organisation, HttpContext.RequestAborted);
                Message = "Opgeslagen. Als de persoon is ingelogd, gelden de nieuwe rechten binnen twee minuten.";
                return RedirectToPage(new { id });
            }
            catch (AccountChangeException e)
            {
                ModelState.AddModelError(e.Field.Length == 0 ? "Input.Role" : e.Field, e.Message);
            }
        }
        Response.StatusCode = StatusCodes.Status400BadRequest;
        return Page();
    }

    public Task<IActionResult> OnPostBlockAsync(string id) => BlockAsync(id, true);

    public Task<IActionResult> OnPostUnblockAsync(string id) => BlockAsync(id, false);

    public async Task<IActionResult> OnPostResendAsync(string id)
    {
        if (!await LoadAsync(id)) return NotFound();
        var user = await users.FindByIdAsync(id);
        if (user is null || user.PasswordHash is not null) return RedirectToPage(new { id });
        await accounts.SendInvitationAsync(user, Account.Role ?? Roles.Bijdrager, Account.Organisation, User, HttpContext.RequestAborted);
        Message = "De uitnodiging is opnieuw verstuurd.";
        return RedirectToPage(new { id });
    }

    private async Task<IActionResult> BlockAsync(string id, bool blocked)
    {
        if (!await LoadAsync(id)) return NotFound();
        try
        {
            await accounts.SetBlockedAsync(User, id, blocked, HttpContext.RequestAborted);
        }
        catch (AccountChangeException e)
        {
            Problem = e.Message;
            Input = new AccountInput { Role = Account.Role ?? Roles.Bijdrager, Organisation = Account.Organisation };
            Response.StatusCode = StatusCodes.Status409Conflict;
            return Page();
        }
        Message = blocked ? "Geblokkeerd. Het account kan niet meer inloggen; een open sessie stopt binnen twee minuten." : "Gedeblokkeerd. Het account kan weer inloggen.";
        return RedirectToPage(new { id });
    }

    private async Task<bool> LoadAsync(string id)
    {
        var account = await accounts.GetAsync(id, HttpContext.RequestAborted);
        if (account is null) return false;
        Account = account;
        Organisations = await queries.OrganisationsAsync(HttpContext.RequestAborted);
        ViewData["Title"] = account.Email;
        return true;
    }
}
