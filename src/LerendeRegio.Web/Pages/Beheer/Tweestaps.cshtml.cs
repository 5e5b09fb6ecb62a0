using System.ComponentModel.DataAnnotations;
using LerendeRegio.Web.Audit;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace LerendeRegio.Web.Pages.Beheer;

/// <summary>The second step of signing in: a code from the authenticator app, or one of the recovery codes.</summary>
public sealed class TwoStepModel(SignInManager<IdentityUser> signIn, AuditLog audit) : PageModel
{
    public sealed class CodeInput
    {
        [Required(ErrorMessage = "Vul de code uit je app in, of een herstelcode.")]
        [StringLength(20, ErrorMessage = "Een code heeft 6 cijfers; een herstelcode 11 tekens.")]
        [Display(Name = "Code")]
        public string Code { get; set; } = "";
    }

    [BindProperty]
    public CodeInput Input { get; set; } = new();

    [BindProperty(SupportsGet = true)]
    public string? ReturnUrl { get; set; }

    [BindProperty(SupportsGet = true)]
    public bool RememberMe { get; set; }

    public string? Failure { get; private set; }

    public async Task<IActionResult> OnGetAsync()
    {
        ViewData["Title"] = "Inloggen: tweede stap";
        // Only reachable between the password and the code; otherwise start at the beginning.
        if (await signIn.GetTwoFactorAuthenticationUserAsync() is null) return RedirectToPage("/Beheer/Inloggen");
        return Page();
    }

    public async Task<IActionResult> OnPostAsync()
    {
        ViewData["Title"] = "Inloggen: tweede stap";
        var user = await signIn.GetTwoFactorAuthenticationUserAsync();
        if (user is null) return RedirectToPage("/Beheer/Inloggen");
        if (!ModelState.IsValid) return Answer(StatusCodes.Status400BadRequest);
        var code = Input.Code.Replace(" ", "", StringComparison.Ordinal).Replace("-", "", StringComparison.Ordinal);
        // Six digits are from the app; anything else is tried as a recovery code (their form is xxxxx-xxxxx).
        var result = code.Length == 6 && code.All(char.IsAsciiDigit)
            ? await signIn.TwoFactorAuthenticatorSignInAsync(code, RememberMe, rememberClient: false)
            : await signIn.TwoFactorRecoveryCodeSignInAsync(Input.Code.Replace(" ", "", StringComparison.Ordinal));
        if (result.Succeeded)
        {
            await audit.WriteAsync(AuditAction.SignedIn, user.Email, code.Length == 6 ? "met wachtwoord en code uit de app" : "met wachtwoord en een herstelcode", user.Id, user.Email);
            return LocalRedirect(ReturnUrl is not null && Url.IsLocalUrl(ReturnUrl) ? ReturnUrl : "/beheer");
        }
        if (result.IsLockedOut)
        {
            await audit.WriteAsync(AuditAction.LockedOut, user.Email, "te veel verkeerde codes", user.Id, user.Email);
            Failure = "Na te veel verkeerde codes is dit account een kwartier geblokkeerd. Probeer het daarna opnieuw.";
            return Answer(StatusCodes.Status429TooManyRequests);
        }
        await audit.WriteAsync(AuditAction.TwoFactorFailed, user.Email, null, user.Id, user.Email);
        Failure = "Deze code klopt niet. Codes uit de app gelden een halve minuut: neem de code die de app nu toont.";
        return Answer(StatusCodes.Status400BadRequest);
    }

    private PageResult Answer(int status)
    {
        Response.StatusCode = status;
        return Page();
    }
}
