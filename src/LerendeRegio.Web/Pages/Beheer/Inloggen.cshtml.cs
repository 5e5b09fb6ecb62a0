using System.ComponentModel.DataAnnotations;
using LerendeRegio.Web.Accounts;
using LerendeRegio.Web.Audit;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace LerendeRegio.Web.Pages.Beheer;

public sealed class SignInModel(SignInManager<IdentityUser> signIn, UserManager<IdentityUser> users, AuditLog audit, ILogger<SignInModel> logger) : PageModel
{
    public sealed class SignInInput
    {
        [Required(ErrorMessage = "Vul je e-mailadres in.")]
        [EmailAddress(ErrorMessage = "Vul een geldig e-mailadres in, bijvoorbeeld naam@school.nl.")]
        [Display(Name = "E-mailadres")]
        public string Email { get; set; } = "";

        [Required(ErrorMessage = "Vul je wachtwoord in.")]
        [DataType(DataType.Password)]
        [Display(Name = "Wachtwoord")]
        public string Password { get; set; } = "";

        [Display(Name = "Ingelogd blijven op dit apparaat")]
        public bool RememberMe { get; set; }
    }

    [BindProperty]
    public SignInInput Input { get; set; } = new();

    [BindProperty(SupportsGet = true)]
    public string? ReturnUrl { get; set; }

    public string? Failure { get; private set; }

    [TempData]
    public string? Message { get; set; }

    public void OnGet() => ViewData["Title"] = "Inloggen";

    public async Task<IActionResult> OnPostAsync()
    {
        ViewData["Title"] = "Inloggen";
        if (!ModelState.IsValid) return Answer(StatusCodes.Status400BadRequest);
        var user = await users.FindByEmailAsync(Input.Email.Trim());
        // The same answer for an unknown address and a wrong password, so the form does not reveal who has an account.
        if (user is null)
        {
            await audit.WriteAsync(AuditAction.SignInFailed, Input.Email.Trim(), "onbekend e-mailadres");
            Failure = "Dit e-mailadres en wachtwoord horen niet bij elkaar. Controleer ze en probeer het opnieuw.";
            return Answer(StatusCodes.Status400BadRequest);
        }
        var result = await signIn.PasswordSignInAsync(user, Input.Password, Input.RememberMe, lockoutOnFailure: true);
        if (result.Succeeded)
        {
            logger.LogInformation("Signed in: {UserId}", user.Id);
            await audit.WriteAsync(AuditAction.SignedIn, user.Email, "met wachtwoord", user.Id, user.Email);
            return LocalRedirect(SafeReturnUrl());
        }
        if (result.RequiresTwoFactor)
        {
            return RedirectToPage("/Beheer/Tweestaps", new { returnUrl = SafeReturnUrl(), rememberMe = Input.RememberMe });
        }
        if (result.IsLockedOut && StaffAccounts.IsBlocked(user))
        {
            await audit.WriteAsync(AuditAction.SignInFailed, user.Email, "account geblokkeerd door een beheerder", user.Id, user.Email);
            Failure = "Dit account is geblokkeerd. Neem contact op met de beheerder van LerendeRegio als je denkt dat dit niet klopt.";
            return Answer(StatusCodes.Status403Forbidden);
        }
        if (result.IsLockedOut)
        {
            logger.LogWarning("Locked out: {UserId}", user.Id);
            await audit.WriteAsync(AuditAction.LockedOut, user.Email, "te veel mislukte pogingen", user.Id, user.Email);
            Failure = "Na te veel mislukte pogingen is dit account een kwartier geblokkeerd. Probeer het daarna opnieuw of vraag een nieuw wachtwoord aan.";
            return Answer(StatusCodes.Status429TooManyRequests);
        }
        await audit.WriteAsync(AuditAction.SignInFailed, user.Email, "verkeerd wachtwoord", user.Id, user.Email);
        Failure = "Dit e-mailadres en wachtwoord horen niet bij elkaar. Controleer ze en probeer het opnieuw.";
        return Answer(StatusCodes.Status400BadRequest);
    }

    private string SafeReturnUrl() => ReturnUrl is not null && Url.IsLocalUrl(ReturnUrl) ? ReturnUrl : "/beheer";

    private PageResult Answer(int status)
    {
        Response.StatusCode = status;
        return Page();
    }
}
