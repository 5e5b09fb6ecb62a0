using LerendeRegio.Web.Elements;
using LerendeRegio.Web.Site;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.OutputCaching;

namespace LerendeRegio.Web.Pages.Elements;

[OutputCache(PolicyName = SiteExtensions.PublicPagePolicy)]
public sealed class IndexModel(ElementService elements) : PageModel
{
    public ElementMatrix? Matrix { get; private set; }
    public InputProblem? Problem { get; private set; }

    public async Task OnGetAsync(CancellationToken ct)
    {
        (Matrix, Problem) = await elements.GetMatrixAsync(Request.Query, ct);
        if (Problem is not null) Response.StatusCode = StatusCodes.Status400BadRequest;
        ViewData["Title"] = "Werkzame elementen per project";
        ViewData["Description"] = "Welke werkzame elementen komen terug in de projecten van de Regio Deal Zuid- en Oost-Drenthe? Berekend uit interventies, schoolpraktijken en lessen.";
    }
}
