using LerendeRegio.Web.Accounts;
using LerendeRegio.Web.Data;
using LerendeRegio.Web.Search;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace LerendeRegio.Web.Pages.Beheer;

/// <summary>The state of this node's search index, and a rebuild that runs while the site keeps serving.</summary>
[Authorize(Policy = Permissions.ManageSettings)]
public sealed class SearchIndexModel(SearchIndex index, LerendeRegioDbContext db, IHostApplicationLifetime lifetime, ILogger<SearchIndexModel> logger) : PageModel
{
    public bool Ready { get; private set; }
    public long Cursor { get; private set; }
    public long ChangeLogHead { get; private set; }
    public int? Documents { get; private set; }
    public int Published { get; private set; }
    public (int Done, int Total)? Progress { get; private set; }

    [TempData]
    public string? Message { get; set; }

    public async Task OnGetAsync(CancellationToken ct)
    {
        ViewData["Title"] = "Zoekindex";
        Ready = index.IsReady;
        Cursor = index.Cursor;
        Documents = index.DocumentCount;
        Progress = index.RebuildProgress;
        ChangeLogHead = await db.ChangeLog.MaxAsync(c => (long?)c.Sequence, ct) ?? 0;
        Published = await db.ContentItems.CountAsync(v => v.Published, ct);
    }

    public IActionResult OnPostRebuild()
    {
        if (index.TryStartRebuild(lifetime.ApplicationStopping))
        {
            logger.LogInformation("Search index rebuild started by {User}", User.Identity?.Name);
            Message = "De zoekindex wordt opnieuw opgebouwd. Zoeken blijft intussen werken met de huidige index.";
        }
        else
        {
            Message = index.IsReady
                ? "Er loopt al een herbouw. Vernieuw deze pagina om de voortgang te zien."
                : "De zoekindex wordt nog geopend of opgebouwd; probeer het zo opnieuw.";
        }
        return RedirectToPage();
    }
}
