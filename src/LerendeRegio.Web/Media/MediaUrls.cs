using System.Text.RegularExpressions;
using LerendeRegio.Web.Content;

namespace LerendeRegio.Web.Media;

/// <summary>The public addresses of stored files, and the names the serving endpoint accepts.</summary>
public static partial class MediaUrls
{
    public const string Prefix = "/media";

    public static string Variant(MediaAsset asset, int width, string extension) => $"{Prefix}/{VariantName(asset.FileKey, width, extension)}";

    public static string VariantName(string fileKey, int width, string extension) => $"{fileKey}-{width}.{extension}";

    public static string PdfName(string fileKey) => $"{fileKey}.pdf";

    /// <summary>A PDF's address ends in a readable name, which is also the name the browser saves it under.</summary>
    public static string Pdf(MediaAsset asset) => $"{Prefix}/{asset.FileKey}/{DownloadName(asset.FileName)}";

    public static string DownloadName(string fileName)
    {
        var slug = Slugs.From(Path.GetFileNameWithoutExtension(fileName));
        return (slug.Length == 0 ? "bijlage" : slug[..Math.Min(slug.Length, 80)].TrimEnd('-')) + ".pdf";
    }

    public static bool IsStoredName(string name) => StoredName().IsMatch(name);

    public static bool IsDownloadName(string name) => DownloadNamePattern().IsMatch(name);

    [GeneratedRegex("^[0-9a-f]{32}(-[0-9]{1,5}\\.(webp|jpg)|\\.pdf)$")]
    private static partial Regex StoredName();

    [GeneratedRegex("^[a-z0-9]+(-[a-z0-9]+)*\\.pdf$")]
    private static partial Regex DownloadNamePattern();
}
