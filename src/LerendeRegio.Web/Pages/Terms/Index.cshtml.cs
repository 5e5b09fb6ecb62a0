using LerendeRegio.Web.Site;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.OutputCaching;

namespace LerendeRegio.Web.Pages.Terms;

[OutputCache(PolicyName = SiteExtensions.PublicPagePolicy)]
public sealed class IndexModel(SiteOverview overview) : PageModel
{
    public IReadOnlyList<VocabularyOverview> Vocabularies { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken ct) => Vocabularies = await overview.GetVocabulariesAsync(ct);
}
