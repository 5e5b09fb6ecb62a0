using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace LerendeRegio.Web.Site;

/// <summary>What a detail page tells link previews (Open Graph) and search engines (schema.org JSON-LD) about its item.</summary>
public sealed record PageMetadata(string Url, string Title, string? Description, string SiteName, DateTime? PublishedUtc, DateTime ModifiedUtc, string JsonLd)
{
    /// <summary>
    /// The JSON-LD goes inside a script element, where HTML escaping does not apply. The default System.Text.Json
    /// encoder writes &lt;, &gt;, &amp; and quotes as \u escapes, so no value can close the element ("&lt;/script&gt;").
    /// </summary>
    private static readonly JsonSerializerOptions ScriptSafe = new() { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.Default };

    public static PageMetadata For(ContentDetail detail, string origin, string siteName)
    {
        var item = detail.Item;
        var url = origin + SiteUrls.Item(detail.Type, item.Slug);
        var data = new JsonObject
        {
            ["@context"] = "https://schema.org",
            ["@type"] = "Article",
            ["headline"] = item.DisplayText,
            ["url"] = url,
            ["inLanguage"] = "nl",
            ["genre"] = detail.Type.DisplayName,
            ["dateModified"] = Iso(item.ModifiedUtc),
            ["publisher"] = new JsonObject { ["@type"] = "Organization", ["name"] = siteName, ["url"] = origin + "/" },
            ["about"] = new JsonArray([.. detail.Facts.Select(f => (JsonNode)new JsonObject
            {
                ["@type"] = "DefinedTerm",
                ["name"] = f.DisplayName,
                ["termCode"] = f.Id,
                ["inDefinedTermSet"] = origin + SiteUrls.Vocabularies + "/" + f.Vocabulary,
                ["url"] = origin + f.Url,
            })]),
        };
        if (detail.Summary is { } summary) data["description"] = summary;
        if (item.PublishedUtc is { } published) data["datePublished"] = Iso(published);
        return new PageMetadata(url, item.DisplayText, detail.Summary, siteName, item.PublishedUtc, item.ModifiedUtc, data.ToJsonString(ScriptSafe));
    }

    public static string Iso(DateTime utc) => DateTime.SpecifyKind(utc, DateTimeKind.Utc).ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
}
