using LerendeRegio.Web.Content;
using LerendeRegio.Web.Site;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.OutputCaching;

namespace LerendeRegio.Web.Pages.Content;

[OutputCache(PolicyName = SiteExtensions.PublicPagePolicy)]
public sealed class ListModel(ContentDefinitionStore definitions, ContentListing listing) : PageModel
{
    public ContentListPage? Listing { get; private set; }
    public InputProblem? Problem { get; private set; }

    public async Task<IActionResult> OnGetAsync(string prefix, CancellationToken ct)
    {
        var type = await definitions.GetByRoutePrefixAsync(prefix, ct);
        if (type is null) return NotFound();
        (Listing, Problem) = await listing.GetAsync(type, Request.Query, ct);
        if (Problem is not null) Response.StatusCode = StatusCodes.Status400BadRequest;
        else if (Listing!.Results.Page > Listing.Results.PageCount) return NotFound();
        ViewData["Title"] = type.PluralDisplayName;
        return Page();
    }
}
