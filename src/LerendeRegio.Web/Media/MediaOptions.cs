using System.ComponentModel.DataAnnotations;

namespace LerendeRegio.Web.Media;

/// <summary><c>LerendeRegio:Media</c>: limits on uploads. Validated at start.</summary>
public sealed class MediaOptions
{
    public const string Section = "LerendeRegio:Media";

    private const long Megabyte = 1024 * 1024;

    /// <summary>Largest JPEG, PNG or WebP upload in bytes (default 20 MB).</summary>
    [Range(1024, 200 * Megabyte)]
    public long MaxImageBytes { get; set; } = 20 * Megabyte;

    /// <summary>Largest PDF upload in bytes (default 20 MB).</summary>
    [Range(1024, 200 * Megabyte)]
    public long MaxPdfBytes { get; set; } = 20 * Megabyte;

    /// <summary>
    /// Most pixels (width × height) an image may have, checked from its header before anything is decoded
    /// (default 50 megapixels: every phone camera's normal output, far below a decompression bomb).
    /// </summary>
    [Range(1_000_000, 500_000_000)]
    public long MaxPixels { get; set; } = 50_000_000;

    public long MaxUploadBytes => Math.Max(MaxImageBytes, MaxPdfBytes);
}
