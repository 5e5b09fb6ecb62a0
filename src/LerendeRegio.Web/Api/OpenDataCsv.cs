using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using LerendeRegio.Web.Content;

namespace LerendeRegio.Web.Api;

/// <summary>
/// The CSV export of a content type (documented in docs/open-data.md): RFC 4180 (comma, CRLF, double quotes), UTF-8
/// with a byte-order mark so Excel reads the accents; one column per top-level field of the type.
/// </summary>
public static class OpenDataCsv
{
    public static readonly string[] FixedColumns = ["id", "titel", "url", "gepubliceerd", "gewijzigd"];

    public static byte[] Write(ContentTypeDefinition type, IReadOnlyList<ContentItemResource> items)
    {
        var fields = type.Fields.ToList();
        var text = new StringBuilder();
        Row(text, [.. FixedColumns, .. fields.Select(f => f.Name)]);
        foreach (var item in items)
        {
            Row(text, [
                item.Id, item.Title, item.Url, Date(item.PublishedUtc), Date(item.ModifiedUtc),
                .. fields.Select(f => Cell(f, item.Fields[f.Name])),
            ]);
        }
        return [.. Encoding.UTF8.GetPreamble(), .. Encoding.UTF8.GetBytes(text.ToString())];
    }

    private static string Date(DateTime? utc) => utc?.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture) ?? "";

    /// <summary>Terms as display names and linked items as ids, joined by "; "; repeatable groups as JSON.</summary>
    internal static string Cell(ContentFieldDefinition field, JsonNode? value) => (field.Kind, value) switch
    {
        (_, null) => "",
        (FieldKind.Taxonomy, JsonArray terms) => string.Join("; ", terms.Select(t => t?["displayName"]?.GetValue<string>())),
        (FieldKind.ContentPicker, JsonArray links) => string.Join("; ", links.Select(l => l?["id"]?.GetValue<string>())),
        (_, JsonValue v) when v.GetValueKind() == JsonValueKind.String => v.GetValue<string>(),
        (_, JsonValue v) when v.GetValueKind() == JsonValueKind.Number => v.GetValue<decimal>().ToString(CultureInfo.InvariantCulture),
        (_, JsonValue v) when v.GetValueKind() is JsonValueKind.True or JsonValueKind.False => v.GetValue<bool>() ? "true" : "false",
        (_, JsonArray a) when a.All(n => n is JsonValue s && s.GetValueKind() == JsonValueKind.String) => string.Join("; ", a.Select(n => n!.GetValue<string>())),
        _ => value.ToJsonString(),
    };

    private static void Row(StringBuilder text, IReadOnlyList<string> cells)
    {
        for (var i = 0; i < cells.Count; i++)
        {
            if (i > 0) text.Append(',');
            Escape(text, cells[i]);
        }
        text.Append("\r\n");
    }

    internal static void Escape(StringBuilder text, string cell)
    {
        // A cell starting with =, +, @ or a tab would be run as a formula by a spreadsheet (CSV injection); a leading
        // apostrophe makes it text. Editors' text rarely starts so; markdown lists ("- ") are left as they are.
        if (cell.Length > 0 && cell[0] is '=' or '+' or '@' or '\t' or '\r') cell = "'" + cell;
        if (cell.AsSpan().IndexOfAny(",\"\r\n") < 0)
        {
            text.Append(cell);
            return;
        }
        text.Append('"').Append(cell.Replace("\"", "\"\"", StringComparison.Ordinal)).Append('"');
    }
}
