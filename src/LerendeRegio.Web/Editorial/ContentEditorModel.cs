using System.Text.Json.Nodes;
using LerendeRegio.Web.Content;
using LerendeRegio.Web.Media;
using LerendeRegio.Web.Vocabularies;
using Microsoft.AspNetCore.Html;

namespace LerendeRegio.Web.Editorial;

/// <summary>Everything the generated editor needs besides the values: choices, messages, preview, extra rows.</summary>
public sealed class ContentEditorModel
{
    public required ContentTypeDefinition Type { get; init; }
    public required string Title { get; init; }
    public string? Slug { get; init; }
    public required JsonObject Values { get; init; }
    public required IReadOnlyList<Vocabulary> Vocabularies { get; init; }
    /// <summary>Items a picker offers, per field name (published items of the allowed types).</summary>
    public IReadOnlyDictionary<string, IReadOnlyList<(string Id, string Type, string Title)>> Pickable { get; init; } = new Dictionary<string, IReadOnlyList<(string, string, string)>>();
    /// <summary>Titles of the linked items the values hold, also when unpublished.</summary>
    public IReadOnlyDictionary<string, string> LinkedTitles { get; init; } = new Dictionary<string, string>();
    public IReadOnlyDictionary<string, string> TypeNames { get; init; } = new Dictionary<string, string>();
    /// <summary>Validation messages by field path (the validator's keys).</summary>
    public IReadOnlyDictionary<string, IReadOnlyList<string>> Errors { get; init; } = new Dictionary<string, IReadOnlyList<string>>();
    public string? PreviewPath { get; init; }
    public IHtmlContent? PreviewHtml { get; init; }
    public string? AddRowPath { get; init; }
    public bool ReadOnly { get; init; }
    /// <summary>The files the media fields refer to, by id.</summary>
    public IReadOnlyDictionary<string, MediaAsset> MediaAssets { get; init; } = new Dictionary<string, MediaAsset>();
    /// <summary>What was posted for the media fields, by path: shown again instead of the stored details when the form comes back.</summary>
    public IReadOnlyDictionary<string, MediaFieldInput> MediaInputs { get; init; } = new Dictionary<string, MediaFieldInput>();

    public IReadOnlyList<string> ErrorsFor(string path) => Errors.TryGetValue(path, out var list) ? list : [];

    public Vocabulary? Vocabulary(string? name) => Vocabularies.FirstOrDefault(v => v.Name == name);

    /// <summary>Rows to draw for a list or media field: the values, plus an empty one to fill in when there are none or one was asked for.</summary>
    public int RowCount(string path, JsonNode? value)
    {
        var count = value is JsonArray a ? a.Count : 0;
        if (count == 0) count++;
        if (AddRowPath == path) count++;
        return count;
    }

    public FieldEditor Editor(ContentFieldDefinition field, string path, JsonNode? value, int headingLevel = 2) => new(this, field, path, value, headingLevel);
}

/// <summary>One field's editor: the definition, its path in the form, its value.</summary>
public sealed record FieldEditor(ContentEditorModel Form, ContentFieldDefinition Field, string Path, JsonNode? Value, int HeadingLevel)
{
    public string Id => ContentForm.Id(Path);
    public string Name => ContentForm.Name(Path);
    public IReadOnlyList<string> Errors => Form.ErrorsFor(Path);
    public string? Text => Value is JsonValue v && v.TryGetValue<string>(out var s) ? s : null;
    public IReadOnlyList<string> Ids => Value is JsonArray a ? [.. a.Select(n => n is JsonValue v && v.TryGetValue<string>(out var s) ? s : null).OfType<string>()] : [];

    /// <summary>The media entries of this field with their files (entries whose file is gone are left out).</summary>
    public IReadOnlyList<(string Path, MediaAsset Asset, MediaDetailsInput Details)> MediaEntries()
    {
        var posted = Form.MediaInputs.GetValueOrDefault(Path);
        var list = new List<(string, MediaAsset, MediaDetailsInput)>();
        var i = 0;
        foreach (var entry in (Value as JsonArray ?? []).OfType<JsonObject>())
        {
            var row = $"{Path}[{i++}]";
            if (entry["mediaId"]?.GetValueKind() != System.Text.Json.JsonValueKind.String || !Form.MediaAssets.TryGetValue((string)entry["mediaId"]!, out var asset)) continue;
            var own = entry["alt"] is JsonValue a && a.TryGetValue<string>(out var s) && s.Length > 0 ? s : null;
            var details = posted?.Existing.FirstOrDefault(e => e.MediaId == asset.Id)?.Details
                ?? new MediaDetailsInput(own ?? asset.AltText ?? "", asset.ShowsChildren, asset.ParentalConsent);
            list.Add((row, asset, details));
        }
        return list;
    }

    /// <summary>What was typed for a new file that did not make it (refused, or another message stopped the form); empty otherwise.</summary>
    public MediaDetailsInput NewMediaDetails => Form.MediaInputs.GetValueOrDefault(Path) is { Uploaded: null } p ? p.New : new MediaDetailsInput("", false, false);

    /// <summary>The ids of what describes the input: its hint and its messages.</summary>
    public string? DescribedBy => string.Join(' ', new[] { Field.Hint is null ? null : Id + "-hint", Errors.Count > 0 ? Id + "-fout" : null }.OfType<string>()) is { Length: > 0 } s ? s : null;
}
