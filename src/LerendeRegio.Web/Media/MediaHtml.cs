using System.Globalization;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Html;

namespace LerendeRegio.Web.Media;

/// <summary>Writes media entries as HTML: a responsive <c>&lt;picture&gt;</c> for images, a download link for PDFs.</summary>
public static class MediaHtml
{
    /// <summary>How wide an image shows: the text column (48rem) on wide screens, the screen less its padding below that.</summary>
    public const string Sizes = "(min-width: 52rem) 48rem, calc(100vw - 2rem)";

    private static readonly CultureInfo Dutch = CultureInfo.GetCultureInfo("nl-NL");

    public static void Write(HtmlContentBuilder html, JsonArray entries, Func<string, MediaAsset?> lookup)
    {
        foreach (var entry in entries.OfType<JsonObject>())
        {
            if (entry["mediaId"] is not JsonValue idValue || !idValue.TryGetValue<string>(out var id) || lookup(id) is not { } asset) continue;
            var alt = entry["alt"] is JsonValue a && a.TryGetValue<string>(out var own) && !string.IsNullOrWhiteSpace(own) ? own : asset.AltText;
            if (asset.Kind == MediaKind.Pdf) WritePdf(html, asset, alt);
            else WritePicture(html, asset, alt ?? "");
        }
    }

    public static void WritePicture(HtmlContentBuilder html, MediaAsset asset, string alt)
    {
        if (asset.VariantWidths.Count == 0 || asset.Width is not { } width || asset.Height is not { } height) return;
        var largest = asset.VariantWidths[^1];
        // width/height give the browser the aspect ratio before the file arrives, so nothing jumps when it does.
        var shownHeight = (int)Math.Max(1, Math.Round((double)largest * height / width));
        var fallback = asset.VariantWidths.FirstOrDefault(w => w >= 640, largest);
        html.AppendHtml("<picture><source type=\"image/webp\" srcset=\"").Append(SrcSet(asset, "webp"))
            .AppendHtml("\" sizes=\"").Append(Sizes).AppendHtml("\">")
            .AppendHtml("<img src=\"").Append(MediaUrls.Variant(asset, fallback, "jpg"))
            .AppendHtml("\" srcset=\"").Append(SrcSet(asset, "jpg")).AppendHtml("\" sizes=\"").Append(Sizes)
            .AppendHtml("\" width=\"").Append(largest.ToString(CultureInfo.InvariantCulture))
            .AppendHtml("\" height=\"").Append(shownHeight.ToString(CultureInfo.InvariantCulture))
            .AppendHtml("\" loading=\"lazy\" decoding=\"async\" alt=\"").Append(alt).AppendHtml("\"></picture>");
    }

    public static void WritePdf(HtmlContentBuilder html, MediaAsset asset, string? text)
    {
        var size = asset.ByteSize < 1024 * 1024
            ? $"{Math.Max(1, asset.ByteSize / 1024).ToString("N0", Dutch)} kB"
            : $"{(asset.ByteSize / 1048576.0).ToString("0.0", Dutch)} MB";
        html.AppendHtml("<p class=\"attachment\"><a href=\"").Append(MediaUrls.Pdf(asset)).AppendHtml("\" download>")
            .Append(string.IsNullOrWhiteSpace(text) ? asset.FileName : text).AppendHtml("</a> <span class=\"meta\">(PDF, ").Append(size).AppendHtml(")</span></p>");
    }

    public static string SrcSet(MediaAsset asset, string extension) =>
        string.Join(", ", asset.VariantWidths.Select(w => $"{MediaUrls.Variant(asset, w, extension)} {w.ToString(CultureInfo.InvariantCulture)}w"));
}
