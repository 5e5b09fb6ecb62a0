using System.Buffers.Binary;
using System.Text;
using NetVips;

namespace LerendeRegio.IntegrationTests;

/// <summary>Real images made by libvips in the test (no binary fixtures), and hand-made files that only pretend.</summary>
public static class TestImages
{
    /// <summary>Text in the photo's XMP and IPTC blocks; a byte search for it proves they are gone.</summary>
    public const string SecretCaption = "Kinderfeest Zwanenlaan";

    /// <summary>
    /// A 4000 × 3000 (12 MP) camera JPEG, stored sideways with EXIF orientation 6 (turn 90° clockwise to view), with
    /// GPS and camera EXIF tags, an XMP packet with GPS text and an IPTC caption. Its left half is red and its right
    /// half blue, so upright the top is red and the bottom blue.
    /// </summary>
    public static byte[] CameraJpeg(int width = 4000, int height = 3000)
    {
        using var x = Image.Xyz(width, height);
        using var left = x[0] < width / 2;
        // Some texture, as a real photo has, so the encoder and decoder do realistic work.
        using var noise = Image.Gaussnoise(width, height, mean: 0, sigma: 10);
        using var red = left.Ifthenelse(210, 40) + noise;
        using var green = (x[1] / (double)height * 120) + 60 + noise;
        using var blue = left.Ifthenelse(40, 210) + noise;
        using var rgb = red.Bandjoin(green, blue).Cast(Enums.BandFormat.Uchar).Copy(interpretation: Enums.Interpretation.Srgb);
        var xmp = Encoding.UTF8.GetBytes(
            "<?xpacket begin=\"\" id=\"W5M0MpCehiHzreSzNTczkc9d\"?><x:xmpmeta xmlns:x=\"adobe:ns:meta/\"><rdf:RDF xmlns:rdf=\"http://www.w3.org/1999/02/22-rdf-syntax-ns#\">"
            + "<rdf:Description xmlns:exif=\"http://ns.adobe.com/exif/1.0/\" xmlns:dc=\"http://purl.org/dc/elements/1.1/\" exif:GPSLatitude=\"52,47.18N\" exif:GPSLongitude=\"6,53.55E\">"
            + $"<dc:description>{SecretCaption}</dc:description></rdf:Description></rdf:RDF></x:xmpmeta><?xpacket end=\"w\"?>");
        using var tagged = rgb.Mutate(m =>
        {
            m.Set(GValue.GIntType, "orientation", 6);
            m.Set(GValue.GStrType, "exif-ifd0-Make", "Testcamera");
            m.Set(GValue.GStrType, "exif-ifd3-GPSLatitudeRef", "N");
            m.Set(GValue.GStrType, "exif-ifd3-GPSLatitude", "52/1 47/1 11/1");
            m.Set(GValue.GStrType, "exif-ifd3-GPSLongitudeRef", "E");
            m.Set(GValue.GStrType, "exif-ifd3-GPSLongitude", "6/1 53/1 33/1");
            m.Set(GValue.BlobType, "xmp-data", xmp);
            m.Set(GValue.BlobType, "iptc-data", Iptc(SecretCaption));
        });
        return tagged.JpegsaveBuffer(q: 90);
    }

    /// <summary>A small PNG with transparency.</summary>
    public static byte[] SmallPng(int width, int height)
    {
        using var x = Image.Xyz(width, height);
        using var rgb = (x[0] * 255.0 / width).Bandjoin(x[1] * 255.0 / height, Image.Black(width, height) + 128);
        using var alpha = (x[0] < width / 2).Ifthenelse(255, 128);
        using var rgba = rgb.Bandjoin(alpha).Cast(Enums.BandFormat.Uchar).Copy(interpretation: Enums.Interpretation.Srgb);
        return rgba.PngsaveBuffer();
    }

    public static byte[] SmallWebp(int width, int height)
    {
        using var image = (Image.Black(width, height, bands: 3) + new double[] { 30, 120, 200 }).Cast(Enums.BandFormat.Uchar).Copy(interpretation: Enums.Interpretation.Srgb);
        return image.WebpsaveBuffer(q: 80);
    }

    /// <summary>A tiny PNG whose header claims <paramref name="width"/> × <paramref name="height"/> pixels; its data would not fill one row.</summary>
    public static byte[] PngBomb(int width, int height)
    {
        var ihdr = new byte[13];
        BinaryPrimitives.WriteInt32BigEndian(ihdr, width);
        BinaryPrimitives.WriteInt32BigEndian(ihdr.AsSpan(4), height);
        ihdr[8] = 8; // bit depth
        ihdr[9] = 2; // RGB
        using var png = new MemoryStream();
        png.Write([0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A]);
        WriteChunk(png, "IHDR", ihdr);
        WriteChunk(png, "IDAT", [0x78, 0x9C, 0x63, 0x00, 0x00, 0x00, 0x01, 0x00, 0x01]);
        WriteChunk(png, "IEND", []);
        return png.ToArray();
    }

    /// <summary>A tiny baseline JPEG whose frame header claims <paramref name="width"/> × <paramref name="height"/> pixels (at most 65 535).</summary>
    public static byte[] JpegBomb(int width, int height)
    {
        var jpeg = new List<byte> { 0xFF, 0xD8, 0xFF, 0xDB, 0, 67, 0 };
        jpeg.AddRange(Enumerable.Repeat((byte)1, 64));
        jpeg.AddRange([0xFF, 0xC0, 0, 17, 8, (byte)(height >> 8), (byte)height, (byte)(width >> 8), (byte)width, 3, 1, 0x11, 0, 2, 0x11, 0, 3, 0x11, 0]);
        jpeg.AddRange([0xFF, 0xDA, 0, 12, 3, 1, 0, 2, 0, 3, 0, 0, 63, 0]);
        jpeg.AddRange(new byte[100]);
        jpeg.AddRange([0xFF, 0xD9]);
        return [.. jpeg];
    }

    /// <summary>The start of a Windows program (MZ header and DOS stub), as a renamed .exe would upload.</summary>
    public static byte[] WindowsProgram()
    {
        var exe = new byte[4096];
        "MZ"u8.CopyTo(exe);
        BinaryPrimitives.WriteInt32LittleEndian(exe.AsSpan(0x3C), 0x80);
        "This program cannot be run in DOS mode."u8.CopyTo(exe.AsSpan(0x4E));
        "PE\0\0"u8.CopyTo(exe.AsSpan(0x80));
        return exe;
    }

    /// <summary>A small but complete PDF (one empty page), with a correct cross-reference table.</summary>
    public static byte[] Pdf()
    {
        var objects = new[]
        {
            "<< /Type /Catalog /Pages 2 0 R >>",
            "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
            "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] >>",
        };
        var pdf = new StringBuilder("%PDF-1.7\n");
        var offsets = new List<int>();
        for (var i = 0; i < objects.Length; i++)
        {
            offsets.Add(pdf.Length);
            pdf.Append(System.Globalization.CultureInfo.InvariantCulture, $"{i + 1} 0 obj\n{objects[i]}\nendobj\n");
        }
        var xref = pdf.Length;
        pdf.Append(System.Globalization.CultureInfo.InvariantCulture, $"xref\n0 {objects.Length + 1}\n0000000000 65535 f \n");
        foreach (var offset in offsets) pdf.Append(System.Globalization.CultureInfo.InvariantCulture, $"{offset:D10} 00000 n \n");
        pdf.Append(System.Globalization.CultureInfo.InvariantCulture, $"trailer\n<< /Size {objects.Length + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n");
        return Encoding.ASCII.GetBytes(pdf.ToString());
    }

    // IPTC in a JPEG sits in a Photoshop resource block (8BIM 0x0404) of IPTC-IIM records; 2:120 is the caption.
    private static byte[] Iptc(string caption)
    {
        var text = Encoding.UTF8.GetBytes(caption);
        var record = new List<byte> { 0x1C, 2, 120, (byte)(text.Length >> 8), (byte)text.Length };
        record.AddRange(text);
        if (record.Count % 2 == 1) record.Add(0);
        var block = new List<byte>();
        block.AddRange("Photoshop 3.0\0"u8.ToArray());
        block.AddRange("8BIM"u8.ToArray());
        block.AddRange([0x04, 0x04, 0, 0]);
        block.AddRange([(byte)(record.Count >> 24), (byte)(record.Count >> 16), (byte)(record.Count >> 8), (byte)record.Count]);
        block.AddRange(record);
        return [.. block];
    }

    private static void WriteChunk(Stream png, string type, byte[] data)
    {
        Span<byte> length = stackalloc byte[4];
        BinaryPrimitives.WriteInt32BigEndian(length, data.Length);
        png.Write(length);
        var typed = Encoding.ASCII.GetBytes(type).Concat(data).ToArray();
        png.Write(typed);
        Span<byte> crc = stackalloc byte[4];
        BinaryPrimitives.WriteUInt32BigEndian(crc, Crc32(typed));
        png.Write(crc);
    }

    private static uint Crc32(byte[] bytes)
    {
        var crc = 0xFFFFFFFFu;
        foreach (var b in bytes)
        {
            crc ^= b;
            for (var k = 0; k < 8; k++) crc = (crc & 1) != 0 ? 0xEDB88320u ^ (crc >> 1) : crc >> 1;
        }
        return ~crc;
    }
}
