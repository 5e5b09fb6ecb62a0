using NetVips;

namespace LerendeRegio.Web.Media;

/// <summary>What an image's header says, read without decoding a pixel.</summary>
/// <param name="NeedsColourConversion">An embedded ICC profile or CMYK: the pixels must be converted to sRGB.</param>
public sealed record ImageHeader(int Width, int Height, int Orientation, bool NeedsColourConversion = false)
{
    public long Pixels => (long)Width * Height;

    /// <summary>Size once the EXIF orientation is applied (5–8 turn the picture a quarter).</summary>
    public (int Width, int Height) Upright => Orientation is >= 5 and <= 8 ? (Height, Width) : (Width, Height);
}

/// <summary>One stored variant, written to <see cref="Path"/> in the upload's work folder.</summary>
public sealed record ImageVariant(int Width, int Height, string Extension, string Path);

/// <summary>
/// The image engine (libvips through NetVips). Reads headers lazily (libvips opens an image by its header and decodes
/// pixels only when they are asked for) and makes the variants from one full decode that fails on any error, so a
/// truncated or corrupt file is refused instead of stored half grey.
/// </summary>
public static class ImagePipeline
{
    /// <summary>Widths of the responsive variants; an image narrower than a width gets one variant at its own width, never upscaled.</summary>
    public static readonly IReadOnlyList<int> Widths = [320, 640, 1280];

    // WebP cannot be taller than this; a very tall image gets narrower variants instead of a failed save.
    private const int MaxSide = 16383;

    private static readonly Lock ConfigureLock = new();
    private static bool _configured;

    /// <summary>Process-wide libvips settings; called before first use and safe to call again.</summary>
    public static void Configure(Action<string>? log = null)
    {
        lock (ConfigureLock)
        {
            if (_configured) return;
            // Every upload is read once: an operation cache only holds memory (and file names of deleted temp files).
            Cache.Max = 0;
            Cache.MaxFiles = 0;
            Cache.MaxMem = 0;
            // Only the three formats we accept can be decoded at all, whatever a file turns out to be: the loaders
            // for SVG, TIFF, HEIF, GIF, matrix files and the rest are switched off (a smaller attack surface).
            Operation.Block("VipsForeignLoad", true);
            Operation.Block("VipsForeignLoadJpeg", false);
            Operation.Block("VipsForeignLoadPng", false);
            Operation.Block("VipsForeignLoadWebp", false);
            if (log is not null) Log.SetLogHandler("VIPS", Enums.LogLevelFlags.Warning | Enums.LogLevelFlags.Message | Enums.LogLevelFlags.Info, (_, _, message) => log(message));
            _configured = true;
        }
    }

    /// <summary>
    /// Reads the header with the loader of the sniffed format, sequentially and failing on errors: libvips reads the
    /// first kilobytes of the stream (up to the JPEG frame header, the PNG IHDR chunk, the WebP VP8 header) and no
    /// pixel data. Throws <see cref="VipsException"/> on a broken header.
    /// </summary>
    public static ImageHeader ReadHeader(Stream stream, MediaFormat format)
    {
        Configure();
        using var image = format switch
        {
            MediaFormat.Jpeg => Image.JpegloadStream(stream, access: Enums.Access.Sequential, failOn: Enums.FailOn.Error),
            MediaFormat.Png => Image.PngloadStream(stream, access: Enums.Access.Sequential, failOn: Enums.FailOn.Error),
            MediaFormat.Webp => Image.WebploadStream(stream, access: Enums.Access.Sequential, failOn: Enums.FailOn.Error),
            _ => throw new ArgumentOutOfRangeException(nameof(format), format, "Not an image format."),
        };
        var orientation = image.Contains("orientation") ? (int)image.Get("orientation") : 1;
        return new ImageHeader(image.Width, image.Height, orientation, image.Contains("icc-profile-data") || image.Interpretation == Enums.Interpretation.Cmyk);
    }

    /// <summary>
    /// Decodes the whole image once (upright, converted to sRGB from an embedded profile) and writes every variant
    /// to <paramref name="folder"/> as <c>{name}-{width}.webp</c> and <c>.jpg</c>, without any metadata: no EXIF,
    /// XMP, IPTC, GPS, and no colour profile (sRGB is what browsers assume). Throws <see cref="VipsException"/> on
    /// a truncated or corrupt file.
    /// </summary>
    public static IReadOnlyList<ImageVariant> MakeVariants(string path, string folder, string name, bool convertColours = true)
    {
        Configure();
        var largest = Widths[^1];
        // Shrink-on-load: a 4000 px JPEG is decoded at 2000 px by libjpeg when 1280 is asked for. The thumbnail
        // applies the EXIF orientation and turns an embedded profile (or CMYK) into sRGB. Only when there is one:
        // asked to convert an untagged image, libvips transforms sRGB to sRGB (some 280 ms of CPU time for a 12 MP photo).
        using var thumbnail = Image.Thumbnail(path, largest, height: MaxSide, size: Enums.Size.Down, outputProfile: convertColours ? "srgb" : null, failOn: Enums.FailOn.Error);
        using var eightBit = thumbnail.Format == Enums.BandFormat.Uchar ? thumbnail.Copy()
            : thumbnail.Colourspace(thumbnail.Bands >= 3 ? Enums.Interpretation.Srgb : Enums.Interpretation.Bw);
        // Decoding happens here, all of it, so a truncated file fails before anything is written.
        using var upright = eightBit.CopyMemory();

        var variants = new List<ImageVariant>();
        foreach (var width in VariantWidths(upright.Width))
        {
            using var resized = width == upright.Width ? upright.Copy() : upright.ThumbnailImage(width, height: MaxSide, size: Enums.Size.Down, noRotate: true);
            var webp = System.IO.Path.Combine(folder, $"{name}-{resized.Width}.webp");
            resized.Webpsave(webp, q: 80, keep: Enums.ForeignKeep.None);
            variants.Add(new(resized.Width, resized.Height, "webp", webp));

            // JPEG has no transparency: flatten onto white, the page background, rather than libvips' default black.
            using var opaque = resized.HasAlpha() ? resized.Flatten(background: [255]) : resized.Copy();
            var jpeg = System.IO.Path.Combine(folder, $"{name}-{resized.Width}.jpg");
            opaque.Jpegsave(jpeg, q: 82, optimizeCoding: true, interlace: true, keep: Enums.ForeignKeep.None);
            variants.Add(new(resized.Width, resized.Height, "jpg", jpeg));
        }
        return variants;
    }

    /// <summary>The variant widths for an image this wide: the standard widths below it, and at most one at its own width.</summary>
    public static IReadOnlyList<int> VariantWidths(int width)
    {
        var widths = Widths.Where(w => w < width).ToList();
        if (widths.Count < Widths.Count) widths.Add(width);
        return widths;
    }
}
