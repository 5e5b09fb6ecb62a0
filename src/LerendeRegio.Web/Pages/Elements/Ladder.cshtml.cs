using LerendeRegio.Web.Elements;
using LerendeRegio.Web.Site;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.OutputCaching;

namespace LerendeRegio.Web.Pages.Elements;

[OutputCache(PolicyName = SiteExtensions.PublicPagePolicy)]
public sealed class LadderModel(ElementService elements) : PageModel
{
    public LadderPage Ladder { get; private set; } = null!;

    public async Task OnGetAsync(CancellationToken ct)
    {
        Ladder = await elements.GetLadderAsync(ct);
        ViewData["Title"] = "De bewijsladder";
        ViewData["Description"] = "Hoe sterk is het bewijs dat een aanpak werkt? De zes treden van praktijkervaring tot effectief, in gewone taal.";
    }
}
