using System.ComponentModel.DataAnnotations;
using System.Text;
using LerendeRegio.Web.Accounts;
using LerendeRegio.Web.Audit;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace LerendeRegio.Web.Pages.Beheer.Account;

/// <summary>
/// Links an authenticator app (TOTP, RFC 6238): the app gets the shared key, proves it with one code, and the user gets
/// recovery codes. Administrators land here before anything else until it is done.
/// </summary>
public sealed class TwoFactorSetupModel(UserManager<IdentityUser> users, SignInManager<IdentityUser> signIn, AuditLog audit) : PageModel
{
    public sealed class CodeInput
    {
        [Required(ErrorMessage = "Vul de code van zes cijfers uit de app in.")]
        [RegularExpression(@"^\s*\d{3}\s?\d{3}\s*$", ErrorMessage = "De code bestaat uit zes cijfers.")]
        [Display(Name = "Code uit de app")]
        public string Code { get; set; } = "";
    }

    [BindProperty]
    public CodeInput Input { get; set; } = new();

    public string SharedKey { get; private set; } = "";
    public string AuthenticatorUri { get; private set; } = "";
    public bool Required { get; private set; }
    public IReadOnlyList<string>? RecoveryCodes { get; private set; }

    public async Task<IActionResult> OnGetAsync()
    {
        var user = await users.GetUserAsync(User);
        if (user is null) return Challenge();
        await LoadKeyAsync(user);
        return Page();
    }

    public async Task<IActionResult> OnPostAsync()
    {
        var user = await users.GetUserAsync(User);
        if (user is null) return Challenge();
        await LoadKeyAsync(user);
        if (!ModelState.IsValid) return Answer();
        var code = Input.Code.Replace(" ", "", StringComparison.Ordinal);
        if (!await users.VerifyTwoFactorTokenAsync(user, users.Options.Tokens.AuthenticatorTokenProvider, code))
        {
            ModelState.AddModelError("Input.Code", "Deze code klopt niet. Controleer of de app de sleutel goed heeft overgenomen, en vul de code in die de app nu toont.");
            return Answer();
        }
        await users.SetTwoFactorEnabledAsync(user, true);
        RecoveryCodes = [.. await users.GenerateNewTwoFactorRecoveryCodesAsync(user, 10) ?? []];
        await audit.WriteAsync(AuditAction.TwoFactorEnabled, user.Email);
        // The new claim set (with two-factor on) takes effect now, so an administrator can go on at once.
        await signIn.RefreshSignInAsync(user);
        return Page();
    }

    private async Task LoadKeyAsync(IdentityUser user)
    {
        ViewData["Title"] = "Tweestapsverificatie aanzetten";
        Required = User.IsInRole(Roles.Administrator) && !user.TwoFactorEnabled;
        var key = await users.GetAuthenticatorKeyAsync(user);
        if (string.IsNullOrEmpty(key))
        {
            await users.ResetAuthenticatorKeyAsync(user);
            key = await users.GetAuthenticatorKeyAsync(user) ?? "";
        }
        SharedKey = Group(key);
        AuthenticatorUri = $"otpauth://totp/{Uri.EscapeDataString("LerendeRegio:" + user.Email)}?secret={key}&issuer=LerendeRegio&digits=6";
    }

    private static string Group(string key)
    {
        var text = new StringBuilder();
        for (var i = 0; i < key.Length; i += 4) text.Append(key.AsSpan(i, Math.Min(4, key.Length - i))).Append(' ');
        return text.ToString().TrimEnd().ToLowerInvariant();
    }

    private PageResult Answer()
    {
        Response.StatusCode = StatusCodes.Status400BadRequest;
        return Page();
    }
}
