using LerendeRegio.Web.Content;
using LerendeRegio.Web.Elements;
using LerendeRegio.Web.Site;
using LerendeRegio.Web.Upkeep;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.OutputCaching;

namespace LerendeRegio.Web.Pages.Content;

[OutputCache(PolicyName = SiteExtensions.PublicPagePolicy)]
public sealed class DetailModel(ContentDefinitionStore definitions, ContentDisplay display, SiteSettingsStore settings, ElementService elements, UpkeepService upkeep) : PageModel
{
    /// <summary>Parts that are not shown as sections: the title and the URL are the page itself.</summary>
    public static readonly IReadOnlySet<string> HiddenParts = new HashSet<string> { "TitlePart", "AutoroutePart" };

    /// <summary>Fields shown in the heading or the facts box instead of in their section.</summary>
    public static readonly IReadOnlySet<string> HeadlineFields = new HashSet<string>
    {
        "samenvatting", "leeftijdVan", "leeftijdTot",
        // The evidence box shows the level with who judged it and when, and what the next rung asks.
        PublishedContentGraph.EvidenceVocabulary, EvidenceLadder.JudgedByField, EvidenceLadder.JudgedOnField,
    };

    public ContentDetail Detail { get; private set; } = null!;

    public PageMetadata Metadata { get; private set; } = null!;

    /// <summary>The evidence box and related items (from the werkzame-elementen feature).</summary>
    public ItemInsights Insights { get; private set; } = null!;

    /// <summary>When the owner last confirmed that the item is still current (asked 6 and 12 months after publication).</summary>
    public DateTime? LastConfirmedUtc { get; private set; }

    public async Task<IActionResult> OnGetAsync(string prefix, string slug, CancellationToken ct)
    {
        var type = await definitions.GetByRoutePrefixAsync(prefix, ct);
        var detail = type is null || !Slugs.IsValid(slug) ? null : await display.GetDetailAsync(type, slug, ct);
        if (detail is null) return NotFound();
        Detail = detail;
        Insights = await elements.GetInsightsAsync(detail, ct);
        LastConfirmedUtc = await upkeep.LastConfirmedAsync(detail.Item.ContentItemId, ct);
        Metadata = PageMetadata.For(detail, $"{Request.Scheme}://{Request.Host}{Request.PathBase}", (await settings.GetAsync(ct)).SiteName);
        ViewData["Title"] = detail.Item.DisplayText;
        ViewData["Description"] = detail.Summary;
        return Page();
    }
}
