using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using LerendeRegio.Web.Content;
using LerendeRegio.Web.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using NetVips;

namespace LerendeRegio.Web.Media;

/// <summary>An upload as it arrives: the bytes and what the uploader said about them.</summary>
public sealed record MediaUpload(Stream Content, string? FileName, string? AltText, bool ShowsChildren, bool ParentalConsent, string? Owner);

/// <summary>Why an upload was refused, in Dutch (<see cref="Title"/>, <see cref="Detail"/>), with the HTTP status that fits and the form field it is about.</summary>
public sealed record MediaRefusal(int Status, string Title, string TitleEn, string Detail, string Field = MediaRefusal.FileField)
{
    public const string FileField = "file";
    public const string AltField = "alt";
}

public sealed record MediaUploadResult(MediaAsset? Asset, MediaRefusal? Refusal)
{
    public static MediaUploadResult Refused(MediaRefusal refusal) => new(null, refusal);
}

/// <summary>
/// Accepts uploads: checks the real type, size and pixel count, makes the image variants, stores the files and
/// then the row. Whatever is refused or fails leaves no file and no row behind.
/// </summary>
public sealed class MediaLibrary(LerendeRegioDbContext db, MediaStore store, IOptions<MediaOptions> options, TimeProvider clock, ILogger<MediaLibrary> logger)
{
    // libvips already spreads one image over all cores; two at a time keeps the peak memory of a burst of uploads bounded.
    private static readonly SemaphoreSlim Pipelines = new(2);

    private static readonly CultureInfo Dutch = CultureInfo.GetCultureInfo("nl-NL");

    public async Task<IReadOnlyDictionary<string, MediaAsset>> GetManyAsync(IEnumerable<string> ids, CancellationToken ct = default)
    {
        var wanted = ids.Where(id => id.Length <= 32).Distinct().ToList();
        if (wanted.Count == 0) return new Dictionary<string, MediaAsset>();
        return await db.Set<MediaAsset>().AsNoTracking().Where(a => wanted.Contains(a.Id)).ToDictionaryAsync(a => a.Id, ct);
    }

    /// <summary>
    /// Changes what the uploader says about a file: alt text, children in the picture, parental consent (asked for
    /// after the upload, typically). Returns a refusal when the alt text of an image is missing; null when saved.
    /// </summary>
    public async Task<MediaRefusal?> UpdateDetailsAsync(string id, string? altText, bool showsChildren, bool parentalConsent, CancellationToken ct = default)
    {
        var asset = await db.Set<MediaAsset>().FirstOrDefaultAsync(a => a.Id == id, ct) ?? throw new KeyNotFoundException($"No media asset '{id}'.");
        var alt = altText?.Trim();
        if (asset.Kind == MediaKind.Image && string.IsNullOrEmpty(alt)) return Refusals.AltMissing;
        if (alt is { Length: > MediaAsset.MaxAltText }) return Refusals.AltTooLong(alt.Length);
        asset.AltText = string.IsNullOrEmpty(alt) ? null : alt;
        asset.ShowsChildren = asset.Kind == MediaKind.Image && showsChildren;
        asset.ParentalConsent = asset.ShowsChildren && parentalConsent;
        await db.SaveChangesAsync(ct);
        return null;
    }

    public async Task<MediaUploadResult> UploadAsync(MediaUpload upload, CancellationToken ct = default)
    {
        var limits = options.Value;
        var alt = upload.AltText?.Trim();
        var work = store.NewWorkFolder();
        try
        {
            var file = Path.Combine(work, "upload");
            var (received, refusal) = await ReceiveAsync(upload.Content, file, alt, limits, ct);
            if (refusal is not null) return MediaUploadResult.Refused(refusal);
            var (format, length, hash) = received!.Value;

            MediaAsset asset;
            List<(string WorkFile, string FileName)> files;
            var fileKey = hash[..32];
            if (format == MediaFormat.Pdf)
            {
                if (!await IsCompletePdfAsync(file, length, ct)) return MediaUploadResult.Refused(Refusals.BrokenPdf);
                files = [(file, MediaUrls.PdfName(fileKey))];
                asset = NewAsset(upload, MediaKind.Pdf, format, length, hash, alt, null, []);
            }
            else
            {
                ImageHeader header;
                try
                {
                    await using var stream = File.OpenRead(file);
                    header = ImagePipeline.ReadHeader(stream, format);
                }
                catch (VipsException e)
                {
                    logger.LogInformation("Upload refused, unreadable {Format} header: {Message}", format, e.Message);
                    return MediaUploadResult.Refused(Refusals.Unreadable(format));
                }
                if (header.Pixels > limits.MaxPixels) return MediaUploadResult.Refused(Refusals.TooManyPixels(header, limits.MaxPixels));

                IReadOnlyList<ImageVariant> variants;
                await Pipelines.WaitAsync(ct);
                try
                {
                    variants = ImagePipeline.MakeVariants(file, work, fileKey, header.NeedsColourConversion);
                }
                catch (VipsException e)
                {
                    logger.LogInformation("Upload refused, {Format} did not decode: {Message}", format, e.Message);
                    return MediaUploadResult.Refused(Refusals.Truncated);
                }
                finally
                {
                    Pipelines.Release();
                }
                files = [.. variants.Select(v => (v.Path, MediaUrls.VariantName(fileKey, v.Width, v.Extension)))];
                var (width, height) = header.Upright;
                asset = NewAsset(upload, MediaKind.Image, format, length, hash, alt, (width, height), [.. variants.Select(v => v.Width).Distinct().Order()]);
            }

            var created = store.Commit(files);
            try
            {
                db.Set<MediaAsset>().Add(asset);
                await db.SaveChangesAsync(ct);
            }
            catch
            {
                store.Remove(created);
                db.ChangeTracker.Clear();
                throw;
            }
            return new MediaUploadResult(asset, null);
        }
        finally
        {
            MediaStore.DeleteWorkFolder(work);
        }
    }

    private MediaAsset NewAsset(MediaUpload upload, MediaKind kind, MediaFormat format, long length, string hash, string? alt, (int Width, int Height)? size, int[] widths) => new()
    {
        Id = ContentIds.New(),
        Kind = kind,
        Format = MediaSniffer.Extension(format),
        FileName = SanitiseFileName(upload.FileName, format),
        Width = size?.Width,
        Height = size?.Height,
        ByteSize = length,
        Hash = hash,
        VariantWidths = widths,
        AltText = string.IsNullOrEmpty(alt) ? null : alt,
        ShowsChildren = kind == MediaKind.Image && upload.ShowsChildren,
        ParentalConsent = kind == MediaKind.Image && upload.ShowsChildren && upload.ParentalConsent,
        Owner = upload.Owner,
        CreatedUtc = clock.GetUtcNow().UtcDateTime,
    };

    /// <summary>
    /// Streams the upload to a work file while hashing it. The type is decided from the first bytes, so a wrong type
    /// (or an image without alt text) is refused before the rest is read, and the size limit of that type is enforced
    /// while reading, not after a huge body has been stored.
    /// </summary>
    private static async Task<((MediaFormat Format, long Length, string Hash)? Received, MediaRefusal? Refusal)> ReceiveAsync(
        Stream content, string path, string? alt, MediaOptions limits, CancellationToken ct)
    {
        using var sha = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        var buffer = new byte[81920];
        var head = new byte[MediaSniffer.HeadLength];
        var headLength = 0;
        MediaFormat? format = null;
        long length = 0;
        await using (var output = new FileStream(path, FileMode.CreateNew, FileAccess.Write, FileShare.None, 0))
        {
            int read;
            while ((read = await content.ReadAsync(buffer, ct)) > 0)
            {
                if (headLength < head.Length)
                {
                    var take = Math.Min(read, head.Length - headLength);
                    buffer.AsSpan(0, take).CopyTo(head.AsSpan(headLength));
                    headLength += take;
                    if (headLength == head.Length && Decide(head, alt, out format) is { } early) return (null, early);
                }
                length += read;
                var limit = format == MediaFormat.Pdf ? limits.MaxPdfBytes : limits.MaxImageBytes;
                if (length > limit) return (null, Refusals.TooLarge(format!.Value, limit));
                sha.AppendData(buffer, 0, read);
                await output.WriteAsync(buffer.AsMemory(0, read), ct);
            }
        }
        if (length == 0) return (null, Refusals.Empty);
        if (headLength < head.Length && Decide(head.AsSpan(0, headLength), alt, out format) is { } late) return (null, late);
        return ((format!.Value, length, Convert.ToHexStringLower(sha.GetHashAndReset())), null);
    }

    private static MediaRefusal? Decide(ReadOnlySpan<byte> head, string? alt, out MediaFormat? format)
    {
        format = MediaSniffer.Detect(head);
        if (format is null) return MediaSniffer.IsProgram(head) ? Refusals.Program : Refusals.Unsupported;
        if (format != MediaFormat.Pdf && string.IsNullOrWhiteSpace(alt)) return Refusals.AltMissing;
        if (alt is { Length: > MediaAsset.MaxAltText }) return Refusals.AltTooLong(alt.Length);
        return null;
    }

    /// <summary>A PDF starts with a version line and ends with <c>%%EOF</c>; a file cut short or only dressed up as a PDF does not.</summary>
    private static async Task<bool> IsCompletePdfAsync(string path, long length, CancellationToken ct)
    {
        await using var stream = File.OpenRead(path);
        var start = new byte[8];
        if (await stream.ReadAtLeastAsync(start, start.Length, throwOnEndOfStream: false, ct) < start.Length) return false;
        if (!(start.AsSpan().StartsWith("%PDF-"u8) && char.IsAsciiDigit((char)start[5]) && start[6] == '.' && char.IsAsciiDigit((char)start[7]))) return false;
        var tailLength = (int)Math.Min(length, 1024);
        stream.Seek(-tailLength, SeekOrigin.End);
        var tail = new byte[tailLength];
        await stream.ReadExactlyAsync(tail, ct);
        return tail.AsSpan().IndexOf("%%EOF"u8) >= 0 && tail.AsSpan().IndexOf("startxref"u8) >= 0;
    }

    /// <summary>The name without folders or control characters, at most 200 characters; for people to recognise, never a path.</summary>
    public static string SanitiseFileName(string? name, MediaFormat format)
    {
        var baseName = (name ?? "").Replace('\\', '/');
        baseName = baseName[(baseName.LastIndexOf('/') + 1)..];
        var clean = new StringBuilder(baseName.Length);
        foreach (var c in baseName.Normalize(NormalizationForm.FormC))
        {
            if (!char.IsControl(c) && char.GetUnicodeCategory(c) is not (UnicodeCategory.Format or UnicodeCategory.Surrogate or UnicodeCategory.OtherNotAssigned)) clean.Append(c);
        }
        var result = clean.ToString().Trim().Trim('.');
        if (result.Length == 0) result = "bestand." + MediaSniffer.Extension(format);
        return result.Length > MediaAsset.MaxFileName ? result[..MediaAsset.MaxFileName] : result;
    }

    private static class Refusals
    {
        public static readonly MediaRefusal Empty = new(400, "Leeg bestand", "Empty file",
            "Het bestand is leeg. Kies een foto (JPEG, PNG of WebP) of een PDF.");

        public static readonly MediaRefusal Unsupported = new(415, "Bestandstype niet toegestaan", "Unsupported file type",
            "Dit bestand is geen JPEG-, PNG- of WebP-afbeelding en geen PDF. Alleen die kun je uploaden; het gaat om de inhoud van het bestand, niet om de naam.");

        public static readonly MediaRefusal Program = new(415, "Programma niet toegestaan", "Executable refused",
            "Dit bestand is een programma, geen afbeelding of PDF. Programma's kun je niet uploaden, ook niet met een andere naam.");

        public static readonly MediaRefusal AltMissing = new(400, "Alt-tekst ontbreekt", "Alt text required",
            "Beschrijf in de alt-tekst wat er op de afbeelding te zien is, voor wie de afbeelding niet kan zien.", MediaRefusal.AltField);

        public static readonly MediaRefusal Truncated = new(400, "Beschadigde afbeelding", "Corrupt image",
            "Deze afbeelding is onvolledig of beschadigd (misschien is het opslaan of uploaden afgebroken). Sla de foto opnieuw op en probeer het nog eens.");

        public static readonly MediaRefusal BrokenPdf = new(400, "Beschadigde PDF", "Corrupt PDF",
            "Dit bestand begint als een PDF, maar is onvolledig of geen echte PDF. Sla het opnieuw op als PDF en probeer het nog eens.");

        public static MediaRefusal AltTooLong(int length) => new(400, "Alt-tekst te lang", "Alt text too long",
            $"De alt-tekst mag hoogstens {MediaAsset.MaxAltText} tekens hebben (nu {length}). Houd hem kort; een lange uitleg past beter in de tekst.", MediaRefusal.AltField);

        public static MediaRefusal Unreadable(MediaFormat format) => new(400, "Beschadigde afbeelding", "Unreadable image",
            $"Deze {Name(format)}-afbeelding kan niet worden gelezen: het bestand is beschadigd of niet wat het lijkt.");

        public static MediaRefusal TooLarge(MediaFormat format, long limit) => new(413, "Bestand te groot", "File too large",
            format == MediaFormat.Pdf
                ? $"Een PDF mag hoogstens {Megabytes(limit)} zijn. Maak het bestand kleiner (bijvoorbeeld met minder of kleinere afbeeldingen) en probeer het opnieuw."
                : $"Een afbeelding mag hoogstens {Megabytes(limit)} zijn. Verklein de foto en probeer het opnieuw.");

        public static MediaRefusal TooManyPixels(ImageHeader header, long max) => new(413, "Afbeelding te groot", "Too many pixels",
            $"Deze afbeelding is {header.Width.ToString("N0", Dutch)} × {header.Height.ToString("N0", Dutch)} pixels ({(header.Pixels / 1e6).ToString("N0", Dutch)} megapixel); "
            + $"het maximum is {(max / 1e6).ToString("N0", Dutch)} megapixel. Verklein de afbeelding en probeer het opnieuw.");

        private static string Megabytes(long bytes) => $"{(bytes / 1048576.0).ToString("0.#", Dutch)} MB";

        private static string Name(MediaFormat format) => format switch
        {
            MediaFormat.Jpeg => "JPEG",
            MediaFormat.Png => "PNG",
            _ => "WebP",
        };
    }
}
