using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace LerendeRegio.Web.Content;

public static class Slugs
{
    /// <summary>"Jeugdhulp gewoon dichtbij!" → "jeugdhulp-gewoon-dichtbij"; accents folded (Exloërmond → exloermond).</summary>
    public static string From(string text)
    {
        var normalized = text.Normalize(NormalizationForm.FormD);
        var sb = new StringBuilder(normalized.Length);
        var dash = false;
        foreach (var c in normalized)
        {
            if (CharUnicodeInfo.GetUnicodeCategory(c) == UnicodeCategory.NonSpacingMark) continue;
            if (char.IsAsciiLetterOrDigit(c))
            {
                if (dash && sb.Length > 0) sb.Append('-');
                sb.Append(char.ToLowerInvariant(c));
                dash = false;
            }
            else dash = true;
        }
        var slug = sb.ToString();
        return slug.Length > 120 ? slug[..120].TrimEnd('-') : slug;
    }

    public static bool IsValid(string slug) =>
        slug.Length is > 0 and <= 200 && slug.All(c => char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c) || c == '-')
        && !slug.StartsWith('-') && !slug.EndsWith('-') && !slug.Contains("--", StringComparison.Ordinal);
}

public static class ContentIds
{
    /// <summary>Generated ids have 26 characters; readable ids of imported content may be longer, up to this.</summary>
    public const int MaxLength = 100;

    private const string Alphabet = "0123456789abcdefghjkmnpqrstvwxyz";

    /// <summary>A 26-character random id (Crockford base32 of 128 bits), like Orchard's content item ids.</summary>
    public static string New()
    {
        Span<byte> bytes = stackalloc byte[16];
        RandomNumberGenerator.Fill(bytes);
        var value = new UInt128(BitConverter.ToUInt64(bytes[8..]), BitConverter.ToUInt64(bytes[..8]));
        Span<char> chars = stackalloc char[26];
        for (var i = 25; i >= 0; i--)
        {
            chars[i] = Alphabet[(int)(value & 31)];
            value >>= 5;
        }
        return new string(chars);
    }

    /// <summary>Lower-case letters, digits and single dashes, at most <see cref="MaxLength"/> characters.</summary>
    public static bool IsValid(string id) => id.Length <= MaxLength && Slugs.IsValid(id);
}
