using LerendeRegio.Web.Site;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.OutputCaching;

namespace LerendeRegio.Web.Pages;

[OutputCache(PolicyName = SiteExtensions.PublicPagePolicy)]
public sealed class IndexModel(SiteOverview overview) : PageModel
{
    public HomePage Home { get; private set; } = null!;

    public async Task OnGetAsync(CancellationToken ct) => Home = await overview.GetHomeAsync(ct);
}
