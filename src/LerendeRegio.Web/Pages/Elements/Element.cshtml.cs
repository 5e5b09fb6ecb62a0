using LerendeRegio.Web.Content;
using LerendeRegio.Web.Elements;
using LerendeRegio.Web.Site;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.OutputCaching;

namespace LerendeRegio.Web.Pages.Elements;

[OutputCache(PolicyName = SiteExtensions.PublicPagePolicy)]
public sealed class ElementModel(ElementService elements) : PageModel
{
    public ElementPage? Element { get; private set; }
    public InputProblem? Problem { get; private set; }

    public async Task<IActionResult> OnGetAsync(string element, CancellationToken ct)
    {
        if (!Slugs.IsValid(element)) return NotFound();
        (Element, Problem) = await elements.GetElementAsync(element, Request.Query, ct);
        if (Problem is not null) Response.StatusCode = StatusCodes.Status400BadRequest;
        else if (Element is null) return NotFound();
        else
        {
            ViewData["Title"] = $"{Element.Element.DisplayName} (werkzaam element)";
            ViewData["Description"] = Element.Element.Description;
        }
        return Page();
    }
}
