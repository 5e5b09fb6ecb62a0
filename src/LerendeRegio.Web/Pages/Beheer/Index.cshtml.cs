using Microsoft.AspNetCore.Mvc.RazorPages;

namespace LerendeRegio.Web.Pages.Beheer;

public sealed class StaffHomeModel : PageModel
{
    public void OnGet() => ViewData["Title"] = "Beheer";
}
