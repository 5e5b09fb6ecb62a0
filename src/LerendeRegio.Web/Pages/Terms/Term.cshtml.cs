using LerendeRegio.Web.Site;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.OutputCaching;

namespace LerendeRegio.Web.Pages.Terms;

[OutputCache(PolicyName = SiteExtensions.PublicPagePolicy)]
public sealed class TermModel(SiteOverview overview) : PageModel
{
    public TermPage? TermPage { get; private set; }
    public InputProblem? Problem { get; private set; }

    public async Task<IActionResult> OnGetAsync(string vocabulary, string term, CancellationToken ct)
    {
        var page = 1;
        if (Request.Query.TryGetValue(ContentListing.PageParameter, out var value) && !int.TryParse(value, out page)) page = -1;
        (TermPage, Problem) = await overview.GetTermAsync(vocabulary, term, page, ct);
        if (Problem is not null) Response.StatusCode = StatusCodes.Status400BadRequest;
        else if (TermPage is null || TermPage.Items.Page > TermPage.Items.PageCount) return NotFound();
        else ViewData["Title"] = $"{TermPage.Term.DisplayName} ({TermPage.Vocabulary.DisplayName.ToLowerInvariant()})";
        return Page();
    }
}
