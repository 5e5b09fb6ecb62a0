using System.Globalization;
using System.Text.Json.Nodes;
using LerendeRegio.Web.Content;

namespace LerendeRegio.Web.Site;

/// <summary>One field value on its way into a view, with Dutch formatting of numbers, amounts and dates.</summary>
public sealed record FieldView(ContentFieldDefinition Field, JsonNode? Value, DisplayLookup Lookup, int HeadingLevel = 3)
{
    private static readonly CultureInfo Dutch = CultureInfo.GetCultureInfo("nl-NL");

    public bool IsEmpty => Value switch
    {
        null => true,
        JsonArray a => a.Count == 0,
        JsonValue v when v.TryGetValue<string>(out var s) => string.IsNullOrWhiteSpace(s),
        _ => false,
    };

    public string? Text => Value is JsonValue v && v.TryGetValue<string>(out var s) ? s : null;

    public IReadOnlyList<string> Ids => ContentValues.Strings(Value);

    public string FormatNumber()
    {
        if (Value is not JsonValue v || !v.TryGetValue<decimal>(out var number)) return "";
        return IsAmount(Field) ? number.ToString("C0", Dutch) : number.ToString("#,##0.##", Dutch);
    }

    public string FormatDate() => FormatDate(Text);

    public static string FormatDate(string? isoDate) =>
        DateOnly.TryParseExact(isoDate, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var d) ? d.ToString("d MMMM yyyy", Dutch) : isoDate ?? "";

    public static string FormatDate(DateTime utc) => utc.ToString("d MMMM yyyy", Dutch);

    public IEnumerable<FieldView> EntryFields(JsonObject entry) =>
        (Field.Fields ?? []).Select(f => new FieldView(f, entry[f.Name], Lookup, HeadingLevel + 1)).Where(f => !f.IsEmpty);

    private static bool IsAmount(ContentFieldDefinition f) => f.Name.Contains("bedrag", StringComparison.OrdinalIgnoreCase) || f.DisplayName.Contains('€');

    /// <summary>"12 tot 23 jaar" from ages in months (the national databank's unit); −9 months is pregnancy.</summary>
    public static string? AgeRange(decimal? fromMonths, decimal? toMonths)
    {
        if (fromMonths is null && toMonths is null) return null;
        static string Age(decimal m) => m switch
        {
            < 0 => "de zwangerschap",
            < 24 => $"{m:0} maanden",
            _ => $"{Math.Floor(m / 12):0} jaar",
        };
        return (fromMonths, toMonths) switch
        {
            ({ } f, { } t) => $"Van {Age(f)} tot {Age(t)}",
            ({ } f, null) => $"Vanaf {Age(f)}",
            (null, { } t) => $"Tot {Age(t)}",
            _ => null,
        };
    }
}
