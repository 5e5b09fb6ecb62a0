using Microsoft.AspNetCore.Mvc.RazorPages;

namespace LerendeRegio.Web.Pages.Beheer;

public sealed class AccessDeniedModel : PageModel
{
    public void OnGet()
    {
        ViewData["Title"] = "Geen toegang";
        Response.StatusCode = StatusCodes.Status403Forbidden;
    }
}
