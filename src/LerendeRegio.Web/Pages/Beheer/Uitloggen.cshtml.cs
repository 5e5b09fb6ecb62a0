using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace LerendeRegio.Web.Pages.Beheer;

public sealed class SignOutModel(SignInManager<IdentityUser> signIn) : PageModel
{
    public void OnGet() => ViewData["Title"] = "Uitloggen";

    public async Task<IActionResult> OnPostAsync()
    {
        await signIn.SignOutAsync();
        return LocalRedirect("/");
    }
}
