using LerendeRegio.Web.Accounts;
using LerendeRegio.Web.Upkeep;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace LerendeRegio.Web.Pages.Beheer;

/// <summary>Published items that need an editor's look: reported out of date, or not confirmed for a year.</summary>
[Authorize(Policy = Permissions.EditContent)]
public sealed class StaleContentModel(UpkeepService upkeep, TimeProvider clock) : PageModel
{
    public IReadOnlyList<StaleItem> Items { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken ct)
    {
        ViewData["Title"] = "Verouderde inhoud";
        Items = await upkeep.StaleAsync(clock.GetUtcNow().UtcDateTime, ct);
    }
}
