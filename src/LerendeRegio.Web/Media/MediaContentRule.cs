using System.Text.Json.Nodes;
using LerendeRegio.Web.Content;

namespace LerendeRegio.Web.Media;

/// <summary>A media entry in content: which field (path as the validator names it) and which file.</summary>
public sealed record MediaReference(string Path, ContentFieldDefinition Field, string MediaId);

public static class MediaReferences
{
    /// <summary>Every <c>{"mediaId": …}</c> in media fields, also inside list fields (<c>materialen[0].foto</c>).</summary>
    public static IEnumerable<MediaReference> Collect(IEnumerable<ContentFieldDefinition> fields, JsonObject values, string prefix = "")
    {
        foreach (var f in fields)
        {
            if (f.Kind == FieldKind.Media && values[f.Name] is JsonArray entries)
            {
                foreach (var entry in entries.OfType<JsonObject>())
                {
                    if (entry["mediaId"] is JsonValue v && v.TryGetValue<string>(out var id) && id.Length > 0) yield return new(prefix + f.Name, f, id);
                }
            }
            else if (f.Kind == FieldKind.List && values[f.Name] is JsonArray rows && f.Fields is { } sub)
            {
                for (var i = 0; i < rows.Count; i++)
                {
                    if (rows[i] is not JsonObject row) continue;
                    foreach (var r in Collect(sub, row, $"{prefix}{f.Name}[{i}].")) yield return r;
                }
            }
        }
    }
}

/// <summary>
/// Media in content: every referenced file must exist (checked when saving), and a picture in which children can be
/// recognised is published only after the uploader confirmed the parents' consent (checked when publishing; drafts
/// may hold it while consent is being asked).
/// </summary>
public sealed class MediaContentRule(MediaLibrary library) : IContentRule
{
    public async Task<IReadOnlyList<ContentValidationError>> CheckAsync(ContentTypeDefinition type, JsonObject fields, bool publishing, CancellationToken ct)
    {
        var references = MediaReferences.Collect(type.Fields, fields).ToList();
        if (references.Count == 0) return [];
        var assets = await library.GetManyAsync(references.Select(r => r.MediaId), ct);
        var errors = new List<ContentValidationError>();
        foreach (var r in references)
        {
            if (!assets.TryGetValue(r.MediaId, out var asset))
                errors.Add(new(r.Path, $"{r.Field.DisplayName}: het bestand '{r.MediaId}' bestaat niet (meer). Upload het opnieuw."));
            else if (publishing && !asset.MayBePublished)
                errors.Add(new(r.Path, $"{r.Field.DisplayName}: op '{asset.FileName}' zijn kinderen herkenbaar. Bevestig eerst dat de ouders toestemming hebben gegeven, of haal de foto weg, voordat je publiceert."));
        }
        return errors;
    }
}
