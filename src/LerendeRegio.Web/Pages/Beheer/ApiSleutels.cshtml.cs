using System.ComponentModel.DataAnnotations;
using LerendeRegio.Web.Accounts.AccessTokens;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace LerendeRegio.Web.Pages.Beheer;

/// <summary>Each user's own personal access tokens for the API: create (shown once), see when last used, revoke.</summary>
public sealed class AccessTokensModel(AccessTokenService tokens, UserManager<IdentityUser> users, ILogger<AccessTokensModel> logger) : PageModel
{
    public sealed class NewTokenInput
    {
        [Required(ErrorMessage = "Geef de sleutel een naam, zodat je later weet waarvoor hij is.")]
        [StringLength(100, ErrorMessage = "Een naam is hoogstens 100 tekens.")]
        [Display(Name = "Naam")]
        public string Name { get; set; } = "";

        [Display(Name = "Bereik")]
        public TokenScope Scope { get; set; } = TokenScope.Read;

        [Display(Name = "Geldig")]
        public int Days { get; set; } = 90;
    }

    [BindProperty]
    public NewTokenInput Input { get; set; } = new();

    public IReadOnlyList<PersonalAccessToken> Tokens { get; private set; } = [];

    /// <summary>The new token's text: shown once, right after creation, never stored.</summary>
    public string? CreatedToken { get; private set; }

    [TempData]
    public string? Message { get; set; }

    public DateTime Now { get; } = DateTime.UtcNow;

    public async Task OnGetAsync(CancellationToken ct) => await LoadAsync(ct);

    public async Task<IActionResult> OnPostCreateAsync(CancellationToken ct)
    {
        if (!Enum.IsDefined(Input.Scope)) ModelState.AddModelError("Input.Scope", "Kies lezen, of lezen en schrijven.");
        if (!AccessTokenService.ExpiryChoicesInDays.Contains(Input.Days)) ModelState.AddModelError("Input.Days", "Kies een van de geldigheidsduren.");
        var userId = users.GetUserId(User)!;
        if (ModelState.IsValid && await tokens.CountActiveAsync(userId, ct) >= AccessTokenService.MaxActivePerUser)
            ModelState.AddModelError("Input.Name", $"Je hebt al {AccessTokenService.MaxActivePerUser} geldige sleutels. Trek er eerst een in.");
        if (!ModelState.IsValid)
        {
            Response.StatusCode = StatusCodes.Status400BadRequest;
            await LoadAsync(ct);
            return Page();
        }
        var created = await tokens.CreateAsync(userId, Input.Name, Input.Scope, Input.Days, ct);
        logger.LogInformation("Access token {TokenId} ({Scope}) created by {UserId}", created.Record.Id, created.Record.Scope, userId);
        CreatedToken = created.Token;
        Input = new NewTokenInput();
        await LoadAsync(ct);
        return Page();
    }

    public async Task<IActionResult> OnPostRevokeAsync(string id, CancellationToken ct)
    {
        var userId = users.GetUserId(User)!;
        if (await tokens.RevokeAsync(userId, id, ct))
        {
            logger.LogInformation("Access token {TokenId} revoked by {UserId}", id, userId);
            Message = "De sleutel is ingetrokken. Programma's die hem gebruiken krijgen vanaf nu een foutmelding.";
        }
        else
        {
            Message = "Deze sleutel bestaat niet (meer) bij jouw account.";
        }
        return RedirectToPage();
    }

    private async Task LoadAsync(CancellationToken ct)
    {
        ViewData["Title"] = "API-sleutels";
        Tokens = await tokens.ListAsync(users.GetUserId(User)!, ct);
    }
}
