using System.Text;
using System.Text.Json.Nodes;
using LerendeRegio.Web.Content;
using LerendeRegio.Web.Data;
using LerendeRegio.Web.Media;
using Microsoft.EntityFrameworkCore;
using NetVips;

namespace LerendeRegio.IntegrationTests;

/// <summary>The media engine on real images made by libvips, on a real database; runs on SQLite and on PostgreSQL.</summary>
public abstract class MediaLibraryTests<TSite>(TSite site) : IClassFixture<TSite> where TSite : SiteFixture
{
    private static readonly string[] MetadataFields = ["exif-data", "xmp-data", "iptc-data", "icc-profile-data", "orientation"];

    protected async Task<MediaUploadResult> Upload(byte[] bytes, string fileName, string? alt = "Een foto", bool children = false, bool consent = false)
    {
        await using var scope = site.Scope();
        return await site.Get<MediaLibrary>(scope).UploadAsync(new MediaUpload(new MemoryStream(bytes), fileName, alt, children, consent, "user-1"));
    }

    private string MediaFolder => Path.Combine(site.DataPath, "media");

    private List<string> StoredFiles() => Directory.Exists(MediaFolder)
        ? [.. Directory.EnumerateFiles(MediaFolder, "*", SearchOption.AllDirectories).Select(f => Path.GetRelativePath(MediaFolder, f)).Order()]
        : [];

    private async Task<int> RowCount()
    {
        await using var scope = site.Scope();
        return await site.Get<LerendeRegioDbContext>(scope).Set<MediaAsset>().CountAsync();
    }

    /// <summary>Runs an upload that must be refused and checks it left no file (stored or work file) and no row.</summary>
    private async Task<MediaRefusal> Refused(byte[] bytes, string fileName, string? alt = "Een foto")
    {
        var filesBefore = StoredFiles();
        var rowsBefore = await RowCount();
        var result = await Upload(bytes, fileName, alt);
        Assert.Null(result.Asset);
        Assert.Equal(filesBefore, StoredFiles());
        Assert.Equal(rowsBefore, await RowCount());
        return Assert.IsType<MediaRefusal>(result.Refusal);
    }

    /// <summary>
    /// A JPEG's segments before its scan data (where APP1 Exif/XMP, APP13 Photoshop/IPTC and comments live), or a
    /// WebP's chunks with the image data of VP8/VP8L/ALPH chunks left out (EXIF and XMP are chunks of their own).
    /// </summary>
    private static byte[] MetadataBytes(byte[] file, string extension)
    {
        if (extension == "jpg")
        {
            var at = 2; // after SOI
            while (at + 4 <= file.Length && file[at] == 0xFF && file[at + 1] != 0xDA) at += 2 + ((file[at + 2] << 8) | file[at + 3]);
            Assert.True(at + 1 < file.Length && file[at + 1] == 0xDA, "the JPEG's segments lead to its scan data");
            return file[..at];
        }
        var kept = new List<byte>(file[..12]); // RIFF header
        var chunk = 12;
        while (chunk + 8 <= file.Length)
        {
            var fourCc = Encoding.ASCII.GetString(file, chunk, 4);
            var size = BitConverter.ToInt32(file, chunk + 4);
            kept.AddRange(file[chunk..(chunk + 8)]);
            if (fourCc is not ("VP8 " or "VP8L" or "ALPH")) kept.AddRange(file[(chunk + 8)..Math.Min(file.Length, chunk + 8 + size)]);
            chunk += 8 + size + (size & 1);
        }
        Assert.Equal(file.Length, chunk); // every byte belongs to a chunk that was looked at
        return [.. kept];
    }

    [Fact]
    public async Task A_camera_photo_is_stored_upright_in_every_width_without_exif_gps_xmp_or_iptc()
    {
        var original = TestImages.CameraJpeg();
        var originalText = Encoding.Latin1.GetString(original);
        // The test photo really carries what must disappear.
        Assert.Contains("Exif", originalText);
        Assert.Contains("GPS", originalText);
        Assert.Contains(TestImages.SecretCaption, originalText);
        var originalMetadata = Encoding.Latin1.GetString(MetadataBytes(original, "jpg")); // where the checks below look
        Assert.Contains("GPS", originalMetadata);
        Assert.Contains(TestImages.SecretCaption, originalMetadata);
        using (var check = Image.NewFromBuffer(original))
        {
            Assert.Equal(6, (int)check.Get("orientation"));
            Assert.Contains("exif-ifd3-GPSLatitude", check.GetFields());
        }

        var asset = (await Upload(original, "IMG_2041.JPG", alt: "Kinderen bouwen een hut van takken")).Asset!;

        Assert.Equal(MediaKind.Image, asset.Kind);
        Assert.Equal((3000, 4000), (asset.Width, asset.Height));
        Assert.Equal([320, 640, 1280], asset.VariantWidths);
        Assert.Equal(original.Length, asset.ByteSize);
        Assert.Equal("IMG_2041.JPG", asset.FileName);
        foreach (var width in asset.VariantWidths)
        {
            foreach (var extension in new[] { "webp", "jpg" })
            {
                var path = Path.Combine(MediaFolder, asset.FileKey[..2], MediaUrls.VariantName(asset.FileKey, width, extension));
                var bytes = await File.ReadAllBytesAsync(path);
                // Only the file's metadata, not its compressed pixels: those hold "GPS" by chance now and then.
                var text = Encoding.Latin1.GetString(MetadataBytes(bytes, extension));
                Assert.DoesNotContain("Exif", text);
                Assert.DoesNotContain("GPS", text);
                Assert.DoesNotContain("Testcamera", text);
                Assert.DoesNotContain(TestImages.SecretCaption, text);
                Assert.DoesNotContain("Photoshop", text);
                Assert.DoesNotContain("xmpmeta", text);

                using var image = Image.NewFromBuffer(bytes);
                Assert.Equal(extension == "webp" ? "webpload_buffer" : "jpegload_buffer", (string)image.Get("vips-loader"));
                var fields = image.GetFields();
                Assert.DoesNotContain(fields, f => MetadataFields.Contains(f) || f.StartsWith("exif-", StringComparison.Ordinal));
                // Upright: portrait, 3:4, with the original's left (red) half now on top.
                Assert.Equal(width, image.Width);
                Assert.InRange(image.Height, width * 4 / 3 - 1, width * 4 / 3 + 1);
                using var top = image.Crop(0, 0, image.Width, image.Height / 4);
                using var bottom = image.Crop(0, image.Height * 3 / 4, image.Width, image.Height / 4);
                Assert.True(top[0].Avg() > top[2].Avg() + 100, $"{width}.{extension}: top should be red");
                Assert.True(bottom[2].Avg() > bottom[0].Avg() + 100, $"{width}.{extension}: bottom should be blue");
            }
        }
        // Nothing else is kept: no original, no work files.
        Assert.Equal(6, StoredFiles().Count(f => f.Contains(asset.FileKey, StringComparison.Ordinal)));
        Assert.DoesNotContain(StoredFiles(), f => f.StartsWith(".tmp", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_small_image_is_never_upscaled_and_transparency_becomes_white_in_the_jpeg()
    {
        var asset = (await Upload(TestImages.SmallPng(500, 300), "logo.png", alt: "Logo van de school")).Asset!;
        Assert.Equal([320, 500], asset.VariantWidths);
        Assert.Equal((500, 300), (asset.Width, asset.Height));
        Assert.DoesNotContain(StoredFiles(), f => f.Contains(asset.FileKey + "-640", StringComparison.Ordinal) || f.Contains(asset.FileKey + "-1280", StringComparison.Ordinal));

        using var webp = Image.NewFromFile(Path.Combine(MediaFolder, asset.FileKey[..2], MediaUrls.VariantName(asset.FileKey, 500, "webp")));
        Assert.Equal((500, 300), (webp.Width, webp.Height));
        Assert.True(webp.HasAlpha());
        using var jpeg = Image.NewFromFile(Path.Combine(MediaFolder, asset.FileKey[..2], MediaUrls.VariantName(asset.FileKey, 500, "jpg")));
        Assert.Equal(3, jpeg.Bands);
        // The half-transparent right half was blended with white, not black.
        using var right = jpeg.Crop(400, 100, 50, 50);
        Assert.True(right.Avg() > 150, $"average {right.Avg()}");
    }

    [Theory]
    [InlineData("p3")]
    [InlineData("cmyk")]
    public async Task Colours_of_a_photo_with_another_profile_are_converted_to_srgb_and_the_profile_dropped(string profile)
    {
        // A brick red in sRGB, stored in the file as Display P3 or CMYK numbers with that profile embedded.
        using var red = (Image.Black(700, 500, bands: 3) + new double[] { 200, 40, 40 }).Cast(Enums.BandFormat.Uchar).Copy(interpretation: Enums.Interpretation.Srgb);
        using var converted = red.IccExport(outputProfile: profile);
        using (var stored = converted.CopyMemory())
        {
            // The file's own numbers are not sRGB: dropping the profile without converting would change the colour.
            Assert.True(Math.Abs(stored[0].Avg() - 200) > 15 || stored.Bands == 4);
        }

        var asset = (await Upload(converted.JpegsaveBuffer(q: 95), "rood.jpg", alt: "Een rode muur")).Asset!;

        using var variant = Image.NewFromFile(Path.Combine(MediaFolder, asset.FileKey[..2], MediaUrls.VariantName(asset.FileKey, 640, "jpg")));
        Assert.Equal(3, variant.Bands);
        Assert.DoesNotContain("icc-profile-data", variant.GetFields());
        Assert.InRange(variant[0].Avg(), 188, 212);
        Assert.InRange(variant[1].Avg(), 28, 55);
        Assert.InRange(variant[2].Avg(), 28, 55);
    }

    [Fact]
    public async Task A_webp_upload_is_accepted()
    {
        var asset = (await Upload(TestImages.SmallWebp(800, 600), "foto.webp")).Asset!;
        Assert.Equal("webp", asset.Format);
        Assert.Equal([320, 640, 800], asset.VariantWidths);
    }

    [Theory]
    [InlineData("png")]
    [InlineData("jpeg")]
    public async Task An_image_claiming_50000_by_50000_pixels_is_refused_from_its_header(string format)
    {
        var bomb = format == "png" ? TestImages.PngBomb(50_000, 50_000) : TestImages.JpegBomb(50_000, 50_000);
        // The file is tiny: were it decoded, it would fail as truncated. The pixel message proves only the header was read.
        Assert.True(bomb.Length < 300);

        var refusal = await Refused(bomb, "bom." + format);

        Assert.Equal(413, refusal.Status);
        Assert.Equal("Afbeelding te groot", refusal.Title);
        Assert.Contains("50.000 × 50.000 pixels (2.500 megapixel)", refusal.Detail);
        Assert.Contains("het maximum is 50 megapixel", refusal.Detail);
    }

    [Fact]
    public async Task A_renamed_program_is_refused()
    {
        var refusal = await Refused(TestImages.WindowsProgram(), "vakantiefoto.jpg");
        Assert.Equal(415, refusal.Status);
        Assert.Contains("is een programma", refusal.Detail);
    }

    [Theory]
    [InlineData("<svg xmlns=\"http://www.w3.org/2000/svg\"><script>alert(1)</script></svg>", "plaatje.png")]
    [InlineData("GIF89a\u0001\u0000\u0001\u0000", "animatie.jpg")]
    [InlineData("Gewoon wat tekst", "foto.webp")]
    public async Task Other_file_types_are_refused_whatever_their_name(string content, string fileName)
    {
        var refusal = await Refused(Encoding.UTF8.GetBytes(content), fileName);
        Assert.Equal(415, refusal.Status);
        Assert.Equal("Bestandstype niet toegestaan", refusal.Title);
    }

    [Fact]
    public async Task A_truncated_jpeg_is_refused_and_leaves_nothing_behind()
    {
        var photo = TestImages.CameraJpeg(1600, 1200);
        var refusal = await Refused(photo[..(photo.Length / 2)], "afgebroken.jpg");
        Assert.Equal(400, refusal.Status);
        Assert.Contains("onvolledig of beschadigd", refusal.Detail);
    }

    [Fact]
    public async Task A_broken_header_is_refused_as_unreadable()
    {
        var photo = TestImages.CameraJpeg(400, 300);
        var refusal = await Refused(photo[..40], "kapot.jpg");
        Assert.Equal(400, refusal.Status);
        Assert.Equal("Beschadigde afbeelding", refusal.Title);
    }

    [Fact]
    public async Task Alt_text_is_required_for_images_but_not_for_pdfs()
    {
        var refusal = await Refused(TestImages.SmallWebp(100, 100), "foto.webp", alt: "  ");
        Assert.Equal(400, refusal.Status);
        Assert.Equal(MediaRefusal.AltField, refusal.Field);
        Assert.Contains("alt-tekst", refusal.Detail);

        var pdf = (await Upload(TestImages.Pdf(), "Handreiking ouderbetrokkenheid.pdf", alt: null)).Asset!;
        Assert.Equal(MediaKind.Pdf, pdf.Kind);
        Assert.Null(pdf.AltText);
    }

    [Fact]
    public async Task A_pdf_is_stored_as_it_is_and_a_fake_or_truncated_pdf_is_refused()
    {
        var bytes = TestImages.Pdf();
        var asset = (await Upload(bytes, "../../etc/Werkplan 2026\u0000.pdf", alt: null)).Asset!;
        Assert.Equal("Werkplan 2026.pdf", asset.FileName);
        Assert.Equal("/media/" + asset.FileKey + "/werkplan-2026.pdf", MediaUrls.Pdf(asset));
        Assert.Equal(bytes, await File.ReadAllBytesAsync(Path.Combine(MediaFolder, asset.FileKey[..2], asset.FileKey + ".pdf")));

        var fake = await Refused(Encoding.ASCII.GetBytes("%PDF-1.4\nDit is geen echte PDF maar tekst.\n"), "nep.pdf");
        Assert.Equal(400, fake.Status);
        Assert.Equal("Beschadigde PDF", fake.Title);
        var truncated = await Refused(bytes[..(bytes.Length - 30)], "half.pdf");
        Assert.Equal("Beschadigde PDF", truncated.Title);
    }

    [Fact]
    public async Task An_empty_file_is_refused()
    {
        var refusal = await Refused([], "leeg.jpg");
        Assert.Equal(400, refusal.Status);
        Assert.Equal("Leeg bestand", refusal.Title);
    }

    [Fact]
    public async Task A_file_over_the_size_limit_is_refused_while_it_arrives()
    {
        var tooLarge = new byte[20 * 1024 * 1024 + 1];
        TestImages.CameraJpeg(64, 48).CopyTo(tooLarge, 0);
        var refusal = await Refused(tooLarge, "groot.jpg");
        Assert.Equal(413, refusal.Status);
        Assert.Equal("Een afbeelding mag hoogstens 20 MB zijn. Verklein de foto en probeer het opnieuw.", refusal.Detail);
    }

    [Fact]
    public async Task The_same_photo_twice_shares_its_files_but_not_its_row()
    {
        var bytes = TestImages.SmallWebp(700, 400);
        var first = (await Upload(bytes, "a.webp", alt: "Eerste")).Asset!;
        var files = StoredFiles();
        var second = (await Upload(bytes, "b.webp", alt: "Tweede")).Asset!;
        Assert.NotEqual(first.Id, second.Id);
        Assert.Equal(first.FileKey, second.FileKey);
        Assert.Equal(files, StoredFiles());
    }

    private static async Task<ContentEdit> PracticeWith(TSite site, string title, string mediaId)
    {
        await using var scope = site.Scope();
        var seed = await site.Get<ContentManager>(scope).GetAsync("practice-backpack-met-de-basisscholen-in-de-monden");
        var fields = seed!.Fields.DeepClone().AsObject();
        fields["afbeeldingen"] = new JsonArray(new JsonObject { ["mediaId"] = mediaId });
        return new ContentEdit(title, null, fields);
    }

    [Fact]
    public async Task Content_with_a_photo_of_children_is_published_only_after_parental_consent()
    {
        var photo = (await Upload(TestImages.SmallWebp(900, 600), "klas.webp", alt: "Kinderen in de klas", children: true, consent: false)).Asset!;
        Assert.False(photo.MayBePublished);
        var edit = await PracticeWith(site, "Praktijk met een klassenfoto " + photo.Id, photo.Id);

        ContentItem draft;
        await using (var scope = site.Scope())
        {
            var manager = site.Get<ContentManager>(scope);
            // Published at once: refused, and nothing saved.
            var atOnce = await Assert.ThrowsAsync<ContentValidationException>(() => manager.CreateAsync("SchoolPractice", edit, new CreateOptions { Publish = true }));
            Assert.Contains(atOnce.Errors, e => e.Field == "afbeeldingen" && e.Message.StartsWith("Afbeeldingen: op 'klas.webp' zijn kinderen herkenbaar.", StringComparison.Ordinal));
            // A draft may hold the photo while consent is asked.
            draft = await manager.CreateAsync("SchoolPractice", edit);
        }
        await using (var scope = site.Scope())
        {
            var error = Assert.Single((await Assert.ThrowsAsync<ContentValidationException>(() => site.Get<ContentManager>(scope).PublishAsync(draft.ContentItemId))).Errors);
            Assert.Equal("afbeeldingen", error.Field);
            Assert.Contains("Bevestig eerst dat de ouders toestemming hebben gegeven", error.Message);
        }
        await using (var scope = site.Scope())
        {
            Assert.Null(await site.Get<ContentManager>(scope).GetAsync(draft.ContentItemId, VersionOptions.Published));
            Assert.Null(await site.Get<MediaLibrary>(scope).UpdateDetailsAsync(photo.Id, "Kinderen in de klas", showsChildren: true, parentalConsent: true));
        }
        await using (var scope = site.Scope())
        {
            Assert.True(await site.Get<ContentManager>(scope).PublishAsync(draft.ContentItemId));
        }
    }

    [Fact]
    public async Task Saving_content_that_points_at_a_missing_file_is_refused()
    {
        var edit = await PracticeWith(site, "Praktijk met een verdwenen foto", "bestaatniet");
        await using var scope = site.Scope();
        var error = Assert.Single((await Assert.ThrowsAsync<ContentValidationException>(() => site.Get<ContentManager>(scope).CreateAsync("SchoolPractice", edit))).Errors);
        Assert.Equal("afbeeldingen", error.Field);
        Assert.Contains("'bestaatniet' bestaat niet", error.Message);
    }
}

public sealed class SqliteMediaLibraryTests(SqliteSite site) : MediaLibraryTests<SqliteSite>(site);

public sealed class PostgresMediaLibraryTests(PostgresSite site) : MediaLibraryTests<PostgresSite>(site);
