using System.Text.Json.Nodes;
using LerendeRegio.Web.Content;
using LerendeRegio.Web.Site;
using LerendeRegio.Web.Vocabularies;

namespace LerendeRegio.Web.Editorial;

/// <summary>Builds the generated editor of a type: choices from the vocabularies and published items, messages, preview.</summary>
public sealed class ContentEditorFactory(VocabularyStore vocabularies, EditorialQueries queries, ContentDefinitionStore definitions, MarkdownRenderer markdown, Media.MediaLibrary media)
{
    public async Task<ContentEditorModel> BuildAsync(ContentTypeDefinition type, ContentEdit edit, IReadOnlyList<ContentValidationError>? errors = null,
        string? previewPath = null, string? addRowPath = null, bool readOnly = false, IReadOnlyList<MediaFieldInput>? mediaInputs = null, CancellationToken ct = default)
    {
        var mediaIds = Media.MediaReferences.Collect(type.Fields, edit.Fields).Select(r => r.MediaId).ToList();
        var pickable = new Dictionary<string, IReadOnlyList<(string, string, string)>>();
        var linked = new HashSet<string>();
        foreach (var f in Pickers(type.Fields))
        {
            pickable[f.Name] = await queries.PickableAsync(f.ContentTypes ?? [], ct);
        }
        CollectLinked(type.Fields, edit.Fields, linked);
        var types = await definitions.GetTypesAsync(ct);
        return new ContentEditorModel
        {
            Type = type,
            Title = edit.Title,
            Slug = edit.Slug,
            Values = edit.Fields,
            Vocabularies = await vocabularies.GetAllAsync(ct),
            Pickable = pickable,
            LinkedTitles = await queries.TitlesAsync(linked, ct),
            TypeNames = types.Values.ToDictionary(t => t.Name, t => t.DisplayName),
            Errors = (errors ?? []).GroupBy(e => e.Field).ToDictionary(g => g.Key, g => (IReadOnlyList<string>)[.. g.Select(e => e.Message)]),
            PreviewPath = previewPath,
            PreviewHtml = previewPath is null ? null
                : ValueAt(edit.Fields, previewPath) is { Length: > 0 } text ? markdown.Render(text, 2)
                : new Microsoft.AspNetCore.Html.HtmlString("<p>Nog geen tekst om te laten zien.</p>"),
            AddRowPath = addRowPath,
            ReadOnly = readOnly,
            MediaAssets = mediaIds.Count == 0 ? new Dictionary<string, Media.MediaAsset>() : await media.GetManyAsync(mediaIds, ct),
            MediaInputs = (mediaInputs ?? []).ToDictionary(m => m.Path),
        };
    }

    /// <summary>The text at a field path like <c>voortgang[1].notitie</c>.</summary>
    public static string? ValueAt(JsonObject fields, string path)
    {
        JsonNode? node = fields;
        foreach (var part in path.Split('.'))
        {
            var bracket = part.IndexOf('[', StringComparison.Ordinal);
            if (bracket < 0) { node = node?[part]; continue; }
            node = node?[part[..bracket]];
            if (!int.TryParse(part[(bracket + 1)..^1], out var index) || node is not JsonArray a || index >= a.Count) return null;
            node = a[index];
        }
        return node is JsonValue v && v.TryGetValue<string>(out var s) ? s : null;
    }

    private static IEnumerable<ContentFieldDefinition> Pickers(IEnumerable<ContentFieldDefinition> fields) =>
        fields.SelectMany(f => f.Kind == FieldKind.List ? Pickers(f.Fields ?? []) : f.Kind == FieldKind.ContentPicker ? [f] : []);

    private static void CollectLinked(IEnumerable<ContentFieldDefinition> fields, JsonObject values, HashSet<string> into)
    {
        foreach (var f in fields)
        {
            if (f.Kind == FieldKind.ContentPicker && values[f.Name] is JsonArray ids)
            {
                foreach (var id in ids.OfType<JsonValue>()) if (id.TryGetValue<string>(out var s)) into.Add(s);
            }
            else if (f.Kind == FieldKind.List && values[f.Name] is JsonArray rows)
            {
                foreach (var row in rows.OfType<JsonObject>()) CollectLinked(f.Fields ?? [], row, into);
            }
        }
    }
}
