namespace LerendeRegio.Web.Media;

public enum MediaFormat
{
    Jpeg,
    Png,
    Webp,
    Pdf,
}

/// <summary>
/// Tells the format from the first bytes (magic numbers). The file name and the browser's declared type are never
/// asked: both are whatever the uploader (or a renamed file) says.
/// </summary>
public static class MediaSniffer
{
    /// <summary>How many leading bytes <see cref="Detect"/> needs.</summary>
    public const int HeadLength = 16;

    public static MediaFormat? Detect(ReadOnlySpan<byte> head)
    {
        if (head.StartsWith((ReadOnlySpan<byte>)[0xFF, 0xD8, 0xFF])) return MediaFormat.Jpeg;
        if (head.StartsWith((ReadOnlySpan<byte>)[0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A])) return MediaFormat.Png;
        if (head.Length >= 12 && head.StartsWith("RIFF"u8) && head[8..12].SequenceEqual("WEBP"u8)) return MediaFormat.Webp;
        if (head.StartsWith("%PDF-"u8)) return MediaFormat.Pdf;
        return null;
    }

    /// <summary>Windows (MZ), Linux (ELF), macOS (Mach-O) programs and scripts (#!), for a message that says what it is.</summary>
    public static bool IsProgram(ReadOnlySpan<byte> head) =>
        head.StartsWith("MZ"u8) || head.StartsWith((ReadOnlySpan<byte>)[0x7F, (byte)'E', (byte)'L', (byte)'F']) || head.StartsWith("#!"u8)
        || head.StartsWith((ReadOnlySpan<byte>)[0xCF, 0xFA, 0xED, 0xFE]) || head.StartsWith((ReadOnlySpan<byte>)[0xCE, 0xFA, 0xED, 0xFE])
        || head.StartsWith((ReadOnlySpan<byte>)[0xCA, 0xFE, 0xBA, 0xBE]);

    public static string Extension(MediaFormat format) => format switch
    {
        MediaFormat.Jpeg => "jpeg",
        MediaFormat.Png => "png",
        MediaFormat.Webp => "webp",
        _ => "pdf",
    };
}
