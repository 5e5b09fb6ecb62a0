using Microsoft.AspNetCore.Mvc.ApplicationParts;
using Microsoft.AspNetCore.Mvc.Razor.Compilation;

namespace LerendeRegio.Web.Site;

/// <summary>
/// Themes are Razor class libraries under <c>themes/</c> (Orchard's way): a theme named X provides
/// <c>/Themes/X/Layout.cshtml</c> and its own partials and CSS under <c>_content/X/</c>.
/// </summary>
public sealed class ThemeCatalog(ApplicationPartManager parts)
{
    private readonly Lazy<IReadOnlySet<string>> _themes = new(() =>
    {
        var feature = new ViewsFeature();
        parts.PopulateFeature(feature);
        return feature.ViewDescriptors
            .Select(d => d.RelativePath.Split('/', StringSplitOptions.RemoveEmptyEntries))
            .Where(p => p.Length == 3 && p[0] == "Themes" && p[2] == "Layout.cshtml")
            .Select(p => p[1])
            .ToHashSet(StringComparer.Ordinal);
    });

    public IReadOnlySet<string> Themes => _themes.Value;

    public static string LayoutPath(string theme) => $"/Themes/{theme}/Layout.cshtml";
}
