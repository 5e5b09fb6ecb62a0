using System.Text.Json.Serialization;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace LerendeRegio.Web.Media;

[JsonConverter(typeof(JsonStringEnumConverter<MediaKind>))]
public enum MediaKind
{
    Image,
    Pdf,
}

/// <summary>
/// An uploaded file: an image (stored only as clean variants: no metadata, upright, sRGB) or a PDF attachment.
/// Content refers to it by <see cref="Id"/> from a media field (<c>{"mediaId": "…", "alt": "…"}</c>).
/// </summary>
public sealed class MediaAsset
{
    public const int MaxAltText = 1000;
    public const int MaxFileName = 200;

    public required string Id { get; init; }

    public MediaKind Kind { get; init; }

    /// <summary>The format the bytes had: jpeg, png, webp or pdf.</summary>
    public required string Format { get; init; }

    /// <summary>The uploaded file's name without folders and control characters, for people (not for paths).</summary>
    public required string FileName { get; init; }

    /// <summary>Images: the upright size of the upload (after the EXIF orientation is applied).</summary>
    public int? Width { get; init; }

    public int? Height { get; init; }

    /// <summary>Size of the upload in bytes.</summary>
    public long ByteSize { get; init; }

    /// <summary>SHA-256 of the upload, hex; its first 32 characters name the stored files.</summary>
    public required string Hash { get; init; }

    /// <summary>Images: the widths of the stored variants, ascending (each in WebP and JPEG).</summary>
    public IReadOnlyList<int> VariantWidths { get; init; } = [];

    /// <summary>Required for images: what the picture shows, for people who cannot see it.</summary>
    public string? AltText { get; set; }

    /// <summary>Children can be recognised in the picture: publishing needs <see cref="ParentalConsent"/>.</summary>
    public bool ShowsChildren { get; set; }

    /// <summary>The uploader confirmed the parents agreed to publication.</summary>
    public bool ParentalConsent { get; set; }

    /// <summary>The user who uploaded it (user id); null for uploads by the system.</summary>
    public string? Owner { get; init; }

    public DateTime CreatedUtc { get; init; }

    /// <summary>Consent rule: an image of children is publishable only with confirmed parental consent.</summary>
    public bool MayBePublished => !ShowsChildren || ParentalConsent;

    public string FileKey => Hash[..32];
}

public sealed class MediaAssetConfiguration : IEntityTypeConfiguration<MediaAsset>
{
    public void Configure(EntityTypeBuilder<MediaAsset> builder)
    {
        builder.ToTable("MediaAssets");
        builder.HasKey(x => x.Id);
        builder.Property(x => x.Id).HasMaxLength(32);
        builder.Property(x => x.Kind).HasConversion<string>().HasMaxLength(16);
        builder.Property(x => x.Format).HasMaxLength(16);
        builder.Property(x => x.FileName).HasMaxLength(MediaAsset.MaxFileName);
        builder.Property(x => x.Hash).HasMaxLength(64);
        builder.Property(x => x.AltText).HasMaxLength(MediaAsset.MaxAltText);
        builder.Property(x => x.Owner).HasMaxLength(64);
        // A short list that is only ever read whole: a comma-separated column is simpler than a child table.
        builder.Property(x => x.VariantWidths)
            .HasConversion(
                v => string.Join(',', v),
                s => s.Length == 0 ? Array.Empty<int>() : s.Split(',', StringSplitOptions.None).Select(int.Parse).ToArray(),
                new Microsoft.EntityFrameworkCore.ChangeTracking.ValueComparer<IReadOnlyList<int>>(
                    (a, b) => a!.SequenceEqual(b!), v => v.Aggregate(17, (h, w) => h * 31 + w), v => v.ToArray()))
            .HasMaxLength(64);
        builder.HasIndex(x => x.Hash);
        builder.HasIndex(x => new { x.Owner, x.CreatedUtc });
        builder.Ignore(x => x.MayBePublished);
        builder.Ignore(x => x.FileKey);
    }
}
