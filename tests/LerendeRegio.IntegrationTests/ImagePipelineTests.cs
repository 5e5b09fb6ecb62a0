using System.Text;
using LerendeRegio.Web.Media;
using NetVips;

namespace LerendeRegio.IntegrationTests;

/// <summary>The libvips engine on its own: the native library, the header read and the formats it may decode.</summary>
public sealed class ImagePipelineTests
{
    /// <summary>Counts what a reader takes from the stream, to show what a header read really reads.</summary>
    private sealed class CountingStream(Stream inner) : Stream
    {
        public long BytesRead { get; private set; }
        public override bool CanRead => true;
        public override bool CanSeek => inner.CanSeek;
        public override bool CanWrite => false;
        public override long Length => inner.Length;
        public override long Position { get => inner.Position; set => inner.Position = value; }
        public override int Read(byte[] buffer, int offset, int count)
        {
            var n = inner.Read(buffer, offset, count);
            BytesRead += n;
            return n;
        }
        public override long Seek(long offset, SeekOrigin origin) => inner.Seek(offset, origin);
        public override void Flush() { }
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }

    [Fact]
    public void The_native_libvips_8_18_is_loaded()
    {
        ImagePipeline.Configure();
        Assert.True(ModuleInitializer.VipsInitialized, ModuleInitializer.Exception?.Message);
        Assert.Equal((8, 18), (NetVips.NetVips.Version(0), NetVips.NetVips.Version(1)));
    }

    [Fact]
    public void A_header_read_takes_only_the_start_of_a_12_megapixel_photo()
    {
        var photo = TestImages.CameraJpeg();
        using var stream = new CountingStream(new MemoryStream(photo));
        var header = ImagePipeline.ReadHeader(stream, MediaFormat.Jpeg);
        Assert.Equal((4000, 3000, 6, false), (header.Width, header.Height, header.Orientation, header.NeedsColourConversion));
        Assert.Equal((3000, 4000), header.Upright);
        // 4 KB when measured (the markers up to the frame header); the pixel data is megabytes.
        Assert.True(stream.BytesRead < 64 * 1024, $"read {stream.BytesRead} of {photo.Length} bytes");
        Assert.True(photo.Length > 2 * 1024 * 1024);
    }

    [Fact]
    public void A_header_bomb_is_read_as_what_it_claims_without_its_pixels()
    {
        using var png = new CountingStream(new MemoryStream(TestImages.PngBomb(50_000, 50_000)));
        Assert.Equal(2_500_000_000, ImagePipeline.ReadHeader(png, MediaFormat.Png).Pixels);
        using var jpeg = new CountingStream(new MemoryStream(TestImages.JpegBomb(50_000, 50_000)));
        Assert.Equal(2_500_000_000, ImagePipeline.ReadHeader(jpeg, MediaFormat.Jpeg).Pixels);
    }

    [Fact]
    public void Only_jpeg_png_and_webp_can_be_decoded_at_all()
    {
        ImagePipeline.Configure();
        using var image = (Image.Black(16, 16, bands: 3) + 100).Cast(Enums.BandFormat.Uchar);
        foreach (var allowed in new[] { image.JpegsaveBuffer(), image.PngsaveBuffer(), image.WebpsaveBuffer() })
        {
            using var loaded = Image.NewFromBuffer(allowed);
            Assert.Equal(16, loaded.Width);
        }
        var svg = Encoding.UTF8.GetBytes("<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"16\" height=\"16\"><rect width=\"16\" height=\"16\"/></svg>");
        foreach (var blocked in new[] { image.GifsaveBuffer(), image.TiffsaveBuffer(), svg })
            Assert.Throws<VipsException>(() => Image.NewFromBuffer(blocked).Dispose());
    }
}
