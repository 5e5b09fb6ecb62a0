using System.ComponentModel.DataAnnotations;
using LerendeRegio.Web.Accounts;
using LerendeRegio.Web.Editorial;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace LerendeRegio.Web.Pages.Beheer.Gebruikers;

/// <summary>An administrator invites someone by e-mail with a role and an organisation; they choose their own password.</summary>
[Authorize(Policy = Permissions.ManageUsers)]
public sealed class InviteModel(StaffAccounts accounts, EditorialQueries queries) : PageModel
{
    public sealed class InviteInput
    {
        [Required(ErrorMessage = "Vul het e-mailadres in.")]
        [EmailAddress(ErrorMessage = "Vul een geldig e-mailadres in, bijvoorbeeld directie@school.nl.")]
        [Display(Name = "E-mailadres")]
        public string Email { get; set; } = "";

        [Required(ErrorMessage = "Kies een rol.")]
        [Display(Name = "Rol")]
        public string Role { get; set; } = Roles.Bijdrager;

        [StringLength(200, ErrorMessage = "De naam van de organisatie mag hoogstens 200 tekens hebben.")]
        [Display(Name = "Organisatie")]
        public string? Organisation { get; set; }
    }

    [BindProperty]
    public InviteInput Input { get; set; } = new();

    public IReadOnlyList<string> Organisations { get; private set; } = [];

    [TempData]
    public string? Message { get; set; }

    public async Task OnGetAsync() => await LoadAsync();

    public async Task<IActionResult> OnPostAsync()
    {
        await LoadAsync();
        if (ModelState.IsValid)
        {
            try
            {
                await accounts.InviteAsync(User, Input.Email, Input.Role, Input.Organisation, HttpContext.RequestAborted);
                Message = $"{Input.Email.Trim()} is uitgenodigd als {RoleNames.Dutch(Input.Role)}. De uitnodiging is een week geldig.";
                return RedirectToPage("/Beheer/Gebruikers/Index");
            }
            catch (AccountChangeException e)
            {
                ModelState.AddModelError(e.Field, e.Message);
            }
        }
        Response.StatusCode = StatusCodes.Status400BadRequest;
        return Page();
    }

    private async Task LoadAsync()
    {
        ViewData["Title"] = "Iemand uitnodigen";
        Organisations = await queries.OrganisationsAsync(HttpContext.RequestAborted);
    }
}
