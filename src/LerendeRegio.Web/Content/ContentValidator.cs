using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using LerendeRegio.Web.Vocabularies;

namespace LerendeRegio.Web.Content;

/// <summary>
/// Checks an edit against its type definition and reports every problem in Dutch, keyed by field name,
/// so editors and API clients can show the message next to the field.
/// </summary>
public sealed class ContentValidator
{
    private readonly IReadOnlyList<Vocabulary> _vocabularies;
    private readonly Func<string, string?> _typeOfItem;

    /// <param name="vocabularies">All vocabularies, to check taxonomy terms.</param>
    /// <param name="typeOfItem">The content type of an existing (not deleted) item id, or null.</param>
    public ContentValidator(IReadOnlyList<Vocabulary> vocabularies, Func<string, string?> typeOfItem)
    {
        _vocabularies = vocabularies;
        _typeOfItem = typeOfItem;
    }

    public IReadOnlyList<ContentValidationError> Validate(ContentTypeDefinition type, ContentEdit edit)
    {
        var errors = new List<ContentValidationError>();
        if (string.IsNullOrWhiteSpace(edit.Title)) errors.Add(new("title", "Titel is verplicht."));
        else if (edit.Title.Length > 400) errors.Add(new("title", $"Titel mag hoogstens 400 tekens hebben (nu {edit.Title.Length})."));
        if (edit.Slug is { Length: > 0 } slug && !Slugs.IsValid(slug))
            errors.Add(new("slug", "Het webadres mag alleen kleine letters, cijfers en losse streepjes bevatten."));

        foreach (var (name, _) in edit.Fields)
        {
            if (type.GetField(name) is null) errors.Add(new(name, $"'{name}' is geen veld van {type.DisplayName}."));
        }
        foreach (var field in type.Fields) ValidateField(field, edit.Fields[field.Name], field.Name, errors);
        return errors;
    }

    private void ValidateField(ContentFieldDefinition f, JsonNode? value, string path, List<ContentValidationError> errors)
    {
        if (IsEmpty(value))
        {
            if (f.Required) errors.Add(new(path, $"{f.DisplayName} is verplicht."));
            return;
        }
        void Error(string message) => errors.Add(new(path, message));

        switch (f.Kind)
        {
            case FieldKind.Text or FieldKind.Markdown:
                if (!TryString(value, out var text)) { Error($"{f.DisplayName} moet tekst zijn."); break; }
                if (f.MaxLength is { } max && text.Length > max) Error($"{f.DisplayName} mag hoogstens {max} tekens hebben (nu {text.Length}).");
                if (f.Pattern is { } pattern && !Regex.IsMatch(text, pattern, RegexOptions.None, TimeSpan.FromMilliseconds(100)))
                    Error($"{f.DisplayName} heeft niet de juiste vorm.{(f.Hint is null ? "" : " " + f.Hint)}");
                if (text.Any(c => char.IsControl(c) && c is not '\n' and not '\r' and not '\t'))
                    Error($"{f.DisplayName} bevat onzichtbare stuurtekens.");
                break;
            case FieldKind.Number:
                if (value is not JsonValue nv || nv.GetValueKind() != JsonValueKind.Number) { Error($"{f.DisplayName} moet een getal zijn."); break; }
                var number = nv.GetValue<decimal>();
                if ((f.Min is { } min && number < min) || (f.Max is { } mx && number > mx))
                    Error($"{f.DisplayName} moet tussen {f.Min?.ToString(CultureInfo.GetCultureInfo("nl-NL")) ?? "…"} en {f.Max?.ToString(CultureInfo.GetCultureInfo("nl-NL")) ?? "…"} liggen.");
                break;
            case FieldKind.Date:
                if (!TryString(value, out var date) || !DateOnly.TryParseExact(date, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out _))
                    Error($"{f.DisplayName} moet een datum zijn in de vorm jjjj-mm-dd.");
                break;
            case FieldKind.Boolean:
                if (value is not JsonValue bv || bv.GetValueKind() is not (JsonValueKind.True or JsonValueKind.False)) Error($"{f.DisplayName} moet ja of nee zijn.");
                break;
            case FieldKind.Link:
                var url = value is JsonObject lo ? (lo["url"] as JsonValue)?.GetValue<string>() : null;
                if (url is null || !Uri.TryCreate(url, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https"))
                    Error($"{f.DisplayName} moet een webadres zijn dat begint met http:// of https://.");
                break;
            case FieldKind.Taxonomy:
                ValidateTerms(f, value!, Error);
                break;
            case FieldKind.ContentPicker:
                ValidateLinks(f, value!, Error);
                break;
            case FieldKind.Media:
                if (value is not JsonArray media) { Error($"{f.DisplayName} moet een lijst met afbeeldingen zijn."); break; }
                if (!f.Multiple && media.Count > 1) Error($"{f.DisplayName} heeft maar één afbeelding.");
                // An entry points at an uploaded file ({"mediaId": "…"}); "alt" optionally overrides the file's own alt
                // text for this use. Whether the file exists and may be published is the media feature's rule.
                foreach (var m in media)
                {
                    if (m is not JsonObject mo || !TryString(mo["mediaId"], out var mediaId) || string.IsNullOrWhiteSpace(mediaId)) Error($"{f.DisplayName}: elke afbeelding heeft een bestand nodig.");
                    else if (mo["alt"] is { } alt && (!TryString(alt, out var altText) || altText.Length > 1000)) Error($"{f.DisplayName}: de alt-tekst moet tekst zijn van hoogstens 1000 tekens.");
                }
                break;
            case FieldKind.List:
                if (value is not JsonArray rows) { Error($"{f.DisplayName} moet een lijst zijn."); break; }
                var sub = f.Fields ?? [];
                for (var i = 0; i < rows.Count; i++)
                {
                    if (rows[i] is not JsonObject row) { Error($"{f.DisplayName}: regel {i + 1} is leeg of ongeldig."); continue; }
                    foreach (var (name, _) in row)
                    {
                        if (sub.All(s => s.Name != name)) errors.Add(new($"{path}[{i}].{name}", $"'{name}' hoort niet bij {f.DisplayName}."));
                    }
                    foreach (var s in sub) ValidateField(s, row[s.Name], $"{path}[{i}].{s.Name}", errors);
                }
                break;
        }
    }

    private void ValidateTerms(ContentFieldDefinition f, JsonNode value, Action<string> error)
    {
        var vocabulary = _vocabularies.FirstOrDefault(v => v.Name == f.Vocabulary);
        if (value is not JsonArray || vocabulary is null) { error($"{f.DisplayName} moet een lijst met termen zijn."); return; }
        var ids = ContentValues.Strings(value);
        if (!f.Multiple && ids.Count > 1) error($"Kies bij {f.DisplayName} één term.");
        foreach (var id in ids)
        {
            if (vocabulary.Terms.All(t => t.Id != id)) error($"'{id}' is geen term van {vocabulary.DisplayName}.");
        }
    }

    private void ValidateLinks(ContentFieldDefinition f, JsonNode value, Action<string> error)
    {
        if (value is not JsonArray) { error($"{f.DisplayName} moet een lijst met verwijzingen zijn."); return; }
        var ids = ContentValues.Strings(value);
        if (!f.Multiple && ids.Count > 1) error($"Kies bij {f.DisplayName} één item.");
        foreach (var id in ids)
        {
            var type = _typeOfItem(id);
            if (type is null) error($"{f.DisplayName}: item '{id}' bestaat niet.");
            else if (f.ContentTypes is { Count: > 0 } allowed && !allowed.Contains(type)) error($"{f.DisplayName}: item '{id}' is van een soort die hier niet past.");
        }
    }

    private static bool IsEmpty(JsonNode? value) => value switch
    {
        null => true,
        JsonArray a => a.Count == 0,
        JsonValue v when v.GetValueKind() == JsonValueKind.String => string.IsNullOrWhiteSpace(v.GetValue<string>()),
        _ => false,
    };

    private static bool TryString(JsonNode? node, out string value)
    {
        if (node is JsonValue v && v.TryGetValue<string>(out var s)) { value = s; return true; }
        value = "";
        return false;
    }
}
