using System.Globalization;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using LerendeRegio.Web.Content;

namespace LerendeRegio.Web.Editorial;

/// <summary>What a posted editor form asks besides its values: a markdown preview, more rows, or which button.</summary>
public sealed record ContentFormRequest(ContentEdit Edit, string? PreviewPath, string? AddRowPath, string? Action)
{
    /// <summary>The media fields of the form: what the user typed about their files, and a new file to upload.</summary>
    public IReadOnlyList<MediaFieldInput> Media { get; init; } = [];
}

/// <summary>
/// A media field as posted: its entries (the array that goes into the item, attached to <see cref="Parent"/> under
/// <see cref="Name"/> once it has one), the details typed for each, and the new file with its details.
/// </summary>
public sealed record MediaFieldInput(string Path, ContentFieldDefinition Field, JsonObject Parent, string Name, JsonArray Entries,
    IReadOnlyList<MediaEntryInput> Existing, IFormFile? File, MediaDetailsInput New)
{
    /// <summary>The file accepted from <see cref="File"/>, once uploaded.</summary>
    public Media.MediaAsset? Uploaded { get; set; }
}

/// <summary>An entry that stays, with the alt text and consent flags the form shows for its file.</summary>
public sealed record MediaEntryInput(string MediaId, MediaDetailsInput Details);

public sealed record MediaDetailsInput(string Alt, bool ShowsChildren, bool ParentalConsent);

/// <summary>
/// Reads an editor form into field values, driven by the type definition alone (so a new field in the recipe needs
/// no code). Inputs are named <c>v.{path}</c>, where the path is the validator's field key (<c>samenvatting</c>,
/// <c>toekenningen[0].bedrag</c>): the messages of <see cref="ContentValidator"/> land next to the right input.
/// </summary>
public static partial class ContentForm
{
    public const string TitleName = "titel";
    public const string SlugName = "webadres";
    public const string RemoveName = "verwijder";
    public const string PreviewName = "voorbeeld";
    public const string AddRowName = "regelErbij";
    public const string ActionName = "actie";
    public const string FileSuffix = ".bestand";
    public const string AltSuffix = ".alt";
    public const string ChildrenSuffix = ".kinderen";
    public const string ConsentSuffix = ".toestemming";

    private static readonly CultureInfo Dutch = CultureInfo.GetCultureInfo("nl-NL");

    public static string Name(string path) => "v." + path;

    /// <summary>An HTML id for a field path: <c>toekenningen[0].bedrag</c> → <c>veld-toekenningen-0-bedrag</c>.</summary>
    public static string Id(string path) => "veld-" + NonWord().Replace(path, "-").Trim('-');

    public static string RowsName(string path) => Name(path) + ".rijen";

    public static ContentFormRequest Read(ContentTypeDefinition type, IFormCollection form)
    {
        var removed = form[RemoveName].Where(v => v is not null).Select(v => v!).ToHashSet(StringComparer.Ordinal);
        var fields = new JsonObject();
        var media = new List<MediaFieldInput>();
        foreach (var f in type.Fields)
        {
            if (ReadField(f, f.Name, form, removed, fields, media) is { } value) fields[f.Name] = value;
        }
        var slug = form[SlugName].ToString().Trim();
        return new ContentFormRequest(
            new ContentEdit(form[TitleName].ToString().Trim(), slug.Length > 0 ? slug : null, fields),
            Single(form[PreviewName]), Single(form[AddRowName]), Single(form[ActionName]))
        { Media = media };
    }

    private static MediaDetailsInput Details(IFormCollection form, string name) => new(
        form[name + AltSuffix].ToString().Trim(),
        form[name + ChildrenSuffix].Any(v => v == "true"),
        form[name + ConsentSuffix].Any(v => v == "true"));

    private static string? Single(Microsoft.Extensions.Primitives.StringValues values) => values.Count > 0 && !string.IsNullOrEmpty(values[0]) ? values[0] : null;

    private static JsonNode? ReadField(ContentFieldDefinition f, string path, IFormCollection form, HashSet<string> removed, JsonObject parent, List<MediaFieldInput> media)
    {
        var name = Name(path);
        switch (f.Kind)
        {
            case FieldKind.Text:
            {
                var text = form[name].ToString().Trim();
                return text.Length == 0 ? null : JsonValue.Create(text);
            }
            case FieldKind.Markdown:
            {
                var text = form[name].ToString().Replace("\r\n", "\n", StringComparison.Ordinal).Trim();
                return text.Length == 0 ? null : JsonValue.Create(text);
            }
            case FieldKind.Number:
            {
                var text = form[name].ToString().Trim();
                if (text.Length == 0) return null;
                // Kept as text when it is not a number, so the validator's message ("moet een getal zijn") appears.
                return ParseNumber(text) is { } number ? JsonValue.Create(number) : JsonValue.Create(text);
            }
            case FieldKind.Date:
            {
                var text = form[name].ToString().Trim();
                return text.Length == 0 ? null : JsonValue.Create(text);
            }
            case FieldKind.Boolean:
                return form[name].Any(v => v == "true") ? JsonValue.Create(true) : null;
            case FieldKind.Link:
            {
                var url = form[name + ".url"].ToString().Trim();
                var text = form[name + ".tekst"].ToString().Trim();
                if (url.Length == 0 && text.Length == 0) return null;
                var link = new JsonObject { ["url"] = url };
                if (text.Length > 0) link["text"] = text;
                return link;
            }
            case FieldKind.Taxonomy or FieldKind.ContentPicker:
            {
                var ids = form[name].Where(v => !string.IsNullOrWhiteSpace(v)).Select(v => v!.Trim()).Distinct().ToList();
                return ids.Count == 0 ? null : new JsonArray([.. ids.Select(id => (JsonNode)JsonValue.Create(id))]);
            }
            case FieldKind.Media:
            {
                // Each entry keeps its id (hidden) and shows its file's details; a new file comes with its own details.
                var entries = new JsonArray();
                var existing = new List<MediaEntryInput>();
                for (var i = 0; i < Rows(form, path); i++)
                {
                    var row = $"{path}[{i}]";
                    var mediaId = form[Name(row) + ".mediaId"].ToString().Trim();
                    if (mediaId.Length == 0 || removed.Contains(row)) continue;
                    entries.Add(new JsonObject { ["mediaId"] = mediaId });
                    existing.Add(new MediaEntryInput(mediaId, Details(form, Name(row))));
                }
                // A browser sends an empty file part when no file was chosen: only a named file is an upload.
                var file = form.Files.GetFile(name + FileSuffix) is { FileName.Length: > 0 } chosen ? chosen : null;
                media.Add(new MediaFieldInput(path, f, parent, f.Name, entries, existing, file, Details(form, name)));
                return entries.Count == 0 ? null : entries;
            }
            case FieldKind.List:
            {
                var rows = new JsonArray();
                for (var i = 0; i < Rows(form, path); i++)
                {
                    var rowPath = $"{path}[{i}]";
                    if (removed.Contains(rowPath)) continue;
                    var row = new JsonObject();
                    var uploads = media.Count;
                    foreach (var sub in f.Fields ?? [])
                    {
                        if (ReadField(sub, $"{rowPath}.{sub.Name}", form, removed, row, media) is { } value) row[sub.Name] = value;
                    }
                    // A row that so far only has a file to upload is kept, so the upload has somewhere to go.
                    if (row.Count > 0 || media.Skip(uploads).Any(m => m.File is not null)) rows.Add(row);
                }
                return rows.Count == 0 ? null : rows;
            }
            default:
                return null;
        }
    }

    private static int Rows(IFormCollection form, string path) =>
        int.TryParse(form[RowsName(path)], NumberStyles.None, CultureInfo.InvariantCulture, out var n) ? Math.Clamp(n, 0, 200) : 0;

    /// <summary>
    /// Dutch or international notation: "1.500" and "1.500,50" are Dutch (thousands dot), "2,5" is Dutch,
    /// "2.5" is international; people type both.
    /// </summary>
    public static decimal? ParseNumber(string text)
    {
        text = text.Replace(" ", "", StringComparison.Ordinal).Replace("€", "", StringComparison.Ordinal);
        if (text.Contains(',', StringComparison.Ordinal) || DutchThousands().IsMatch(text))
            return decimal.TryParse(text, NumberStyles.Number, Dutch, out var nl) ? nl : null;
        return decimal.TryParse(text, NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var n) ? n : null;
    }

    /// <summary>A number as the editor shows it (Dutch decimal comma, no thousands separators), or the raw text.</summary>
    public static string FormatNumber(JsonNode? value) => value switch
    {
        JsonValue v when v.TryGetValue<decimal>(out var d) => d.ToString("0.##########", Dutch),
        JsonValue v when v.TryGetValue<string>(out var s) => s,
        _ => "",
    };

    [GeneratedRegex(@"[^A-Za-z0-9_]+")]
    private static partial Regex NonWord();

    [GeneratedRegex(@"^-?\d{1,3}(\.\d{3})+$")]
    private static partial Regex DutchThousands();
}
