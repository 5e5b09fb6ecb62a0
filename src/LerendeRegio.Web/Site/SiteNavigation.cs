using LerendeRegio.Web.Content;
using Microsoft.AspNetCore.Html;

namespace LerendeRegio.Web.Site;

/// <summary>The main menu: home, one entry per content type (from the recipe), the werkzame-elementen matrix, the vocabularies. Handed to the theme's layout.</summary>
public sealed class SiteNavigation(ContentDefinitionStore definitions)
{
    public async Task<IHtmlContent> RenderAsync(string path)
    {
        var types = SiteOverview.OrderedTypes(await definitions.GetTypesAsync());
        var html = new HtmlContentBuilder();
        html.AppendHtml("<ul>");
        Item(html, "/", "Home", path == "/");
        foreach (var type in types) Item(html, SiteUrls.List(type), type.PluralDisplayName, IsUnder(path, SiteUrls.List(type)));
        Item(html, Elements.ElementUrls.Matrix, "Werkzame elementen", IsUnder(path, Elements.ElementUrls.Matrix));
        Item(html, SiteUrls.Vocabularies, "Onderwerpen", IsUnder(path, SiteUrls.Vocabularies));
        return html.AppendHtml("</ul>");
    }

    private static bool IsUnder(string path, string url) => path == url || path.StartsWith(url + "/", StringComparison.Ordinal);

    private static void Item(HtmlContentBuilder html, string url, string text, bool current) =>
        html.AppendHtml("<li><a href=\"").Append(url).AppendHtml(current ? "\" aria-current=\"page\">" : "\">").Append(text).AppendHtml("</a></li>");
}
