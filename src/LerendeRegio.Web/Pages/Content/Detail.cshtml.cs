using LerendeRegio.Web.Content;
using LerendeRegio.Web.Site;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.OutputCaching;

namespace LerendeRegio.Web.Pages.Content;

[OutputCache(PolicyName = SiteExtensions.PublicPagePolicy)]
public sealed class DetailModel(ContentDefinitionStore definitions, ContentDisplay display, SiteSettingsStore settings) : PageModel
{
    /// <summary>Parts that are not shown as sections: the title and the URL are the page itself.</summary>
    public static readonly IReadOnlySet<string> HiddenParts = new HashSet<string> { "TitlePart", "AutoroutePart" };

    /// <summary>Fields shown in the heading or the facts box instead of in their section.</summary>
    public static readonly IReadOnlySet<string> HeadlineFields = new HashSet<string> { "samenvatting", "leeftijdVan", "leeftijdTot" };

    public ContentDetail Detail { get; private set; } = null!;

    public PageMetadata Metadata { get; private set; } = null!;

    public async Task<IActionResult> OnGetAsync(string prefix, string slug, CancellationToken ct)
    {
        var type = await definitions.GetByRoutePrefixAsync(prefix, ct);
        var detail = type is null || !Slugs.IsValid(slug) ? null : await display.GetDetailAsync(type, slug, ct);
        if (detail is null) return NotFound();
        Detail = detail;
        Metadata = PageMetadata.For(detail, $"{Request.Scheme}://{Request.Host}{Request.PathBase}", (await settings.GetAsync(ct)).SiteName);
        ViewData["Title"] = detail.Item.DisplayText;
        ViewData["Description"] = detail.Summary;
        return Page();
    }
}
