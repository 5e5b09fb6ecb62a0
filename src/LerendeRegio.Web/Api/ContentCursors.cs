using System.Buffers.Text;
using System.Globalization;
using System.Text;
using LerendeRegio.Web.Content;

namespace LerendeRegio.Web.Api;

/// <summary>
/// The opaque <c>after</c>/<c>next</c> value of the list API: base64url of "publication ticks:item id". Clients must not
/// build it; anything that does not decode to a valid position is refused.
/// </summary>
public static class ContentCursors
{
    private const int MaxLength = 200;

    public static string Encode(ContentCursor cursor) =>
        Base64Url.EncodeToString(Encoding.UTF8.GetBytes(string.Create(CultureInfo.InvariantCulture, $"{cursor.PublishedUtc.Ticks}:{cursor.ContentItemId}")));

    public static bool TryDecode(string value, out ContentCursor? cursor)
    {
        cursor = null;
        if (value.Length is 0 or > MaxLength || !Base64Url.IsValid(value)) return false;
        string text;
        try
        {
            text = Encoding.UTF8.GetString(Base64Url.DecodeFromChars(value));
        }
        catch (FormatException)
        {
            return false;
        }
        var colon = text.IndexOf(':', StringComparison.Ordinal);
        if (colon <= 0 || !long.TryParse(text.AsSpan(0, colon), NumberStyles.None, CultureInfo.InvariantCulture, out var ticks)
            || ticks > DateTime.MaxValue.Ticks) return false;
        var id = text[(colon + 1)..];
        if (!ContentIds.IsValid(id)) return false;
        cursor = new ContentCursor(new DateTime(ticks, DateTimeKind.Utc), id);
        return true;
    }
}
