using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace LerendeRegio.Web.Pages.Beheer;

public sealed class SignOutModel(SignInManager<IdentityUser> signIn, LerendeRegio.Web.Audit.AuditLog audit) : PageModel
{
    public void OnGet() => ViewData["Title"] = "Uitloggen";

    public async Task<IActionResult> OnPostAsync()
    {
        if (User.Identity?.IsAuthenticated == true) await audit.WriteAsync(LerendeRegio.Web.Audit.AuditAction.SignedOut, User.Identity.Name);
        await signIn.SignOutAsync();
        return LocalRedirect("/");
    }
}
