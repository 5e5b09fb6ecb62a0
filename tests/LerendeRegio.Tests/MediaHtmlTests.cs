using System.Text.Encodings.Web;
using System.Text.Json.Nodes;
using LerendeRegio.Web.Media;
using Microsoft.AspNetCore.Html;

namespace LerendeRegio.Tests;

public class MediaHtmlTests
{
    private static readonly MediaAsset Photo = new()
    {
        Id = "foto1", Kind = MediaKind.Image, Format = "jpeg", FileName = "IMG_1.jpg", Width = 3000, Height = 2000, ByteSize = 4_000_000,
        Hash = new string('a', 64), VariantWidths = [320, 640, 1280], AltText = "Ouders \"en\" <kinderen>",
    };

    private static readonly MediaAsset Pdf = new()
    {
        Id = "pdf1", Kind = MediaKind.Pdf, Format = "pdf", FileName = "Werkplan 2026 (concept).pdf", ByteSize = 1_572_864, Hash = new string('b', 64),
    };

    private static string Write(string json)
    {
        var html = new HtmlContentBuilder();
        MediaHtml.Write(html, JsonNode.Parse(json)!.AsArray(), id => id switch { "foto1" => Photo, "pdf1" => Pdf, _ => null });
        using var writer = new StringWriter();
        html.WriteTo(writer, HtmlEncoder.Create(System.Text.Unicode.UnicodeRanges.All));
        return writer.ToString();
    }

    [Fact]
    public void An_image_is_a_picture_with_webp_source_jpeg_fallback_size_and_encoded_alt()
    {
        var key = new string('a', 32);
        Assert.Equal(
            $"<picture><source type=\"image/webp\" srcset=\"/media/{key}-320.webp 320w, /media/{key}-640.webp 640w, /media/{key}-1280.webp 1280w\" sizes=\"{MediaHtml.Sizes}\">"
            + $"<img src=\"/media/{key}-640.jpg\" srcset=\"/media/{key}-320.jpg 320w, /media/{key}-640.jpg 640w, /media/{key}-1280.jpg 1280w\" sizes=\"{MediaHtml.Sizes}\" "
            + "width=\"1280\" height=\"853\" loading=\"lazy\" decoding=\"async\" alt=\"Ouders &quot;en&quot; &lt;kinderen&gt;\"></picture>",
            Write("""[{"mediaId":"foto1"}]"""));
    }

    [Fact]
    public void The_entry_alt_text_overrides_the_files_own()
    {
        Assert.Contains("alt=\"Een ouderavond\"", Write("""[{"mediaId":"foto1","alt":"Een ouderavond"}]"""), StringComparison.Ordinal);
    }

    [Fact]
    public void A_pdf_is_a_download_link_with_its_size_and_a_missing_file_is_left_out()
    {
        Assert.Equal(
            $"<p class=\"attachment\"><a href=\"/media/{new string('b', 32)}/werkplan-2026-concept.pdf\" download>Werkplan 2026 (concept).pdf</a> <span class=\"meta\">(PDF, 1,5 MB)</span></p>",
            Write("""[{"mediaId":"pdf1"},{"mediaId":"weg"}]"""));
    }

    [Theory]
    [InlineData(new byte[] { 0xFF, 0xD8, 0xFF, 0xE0 }, MediaFormat.Jpeg)]
    [InlineData(new byte[] { 0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A }, MediaFormat.Png)]
    [InlineData(new byte[] { 0x52, 0x49, 0x46, 0x46, 1, 2, 3, 4, 0x57, 0x45, 0x42, 0x50 }, MediaFormat.Webp)]
    [InlineData(new byte[] { 0x25, 0x50, 0x44, 0x46, 0x2D, 0x31 }, MediaFormat.Pdf)]
    [InlineData(new byte[] { 0x52, 0x49, 0x46, 0x46, 1, 2, 3, 4, 0x57, 0x41, 0x56, 0x45 }, null)] // a WAV file is RIFF too
    [InlineData(new byte[] { 0x47, 0x49, 0x46, 0x38, 0x39, 0x61 }, null)]
    [InlineData(new byte[] { 0x4D, 0x5A, 0x90, 0x00 }, null)]
    public void The_format_comes_from_the_first_bytes(byte[] head, MediaFormat? expected) => Assert.Equal(expected, MediaSniffer.Detect(head));

    [Theory]
    [InlineData("C:\\Users\\juf\\Desktop\\klas 3.jpg", "klas 3.jpg")]
    [InlineData("../../etc/passwd", "passwd")]
    [InlineData("foto\u202Egpj.exe", "fotogpj.exe")]
    [InlineData("...", "bestand.jpeg")]
    [InlineData(null, "bestand.jpeg")]
    public void File_names_lose_folders_and_invisible_characters(string? name, string expected) =>
        Assert.Equal(expected, MediaLibrary.SanitiseFileName(name, MediaFormat.Jpeg));

    [Theory]
    [InlineData(1280, new[] { 320, 640, 1280 })]
    [InlineData(4000, new[] { 320, 640, 1280 })]
    [InlineData(900, new[] { 320, 640, 900 })]
    [InlineData(320, new[] { 320 })]
    [InlineData(200, new[] { 200 })]
    public void Variants_are_never_wider_than_the_image(int width, int[] expected) => Assert.Equal(expected, ImagePipeline.VariantWidths(width));
}
