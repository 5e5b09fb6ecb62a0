using System.Text.Json;
using System.Text.Json.Nodes;

namespace LerendeRegio.Web.Content;

/// <summary>A read view of one content item version: the record's columns plus its parsed field values.</summary>
public sealed class ContentItem
{
    internal ContentItem(ContentItemVersion record)
    {
        ContentItemId = record.ContentItemId;
        ContentItemVersionId = record.ContentItemVersionId;
        ContentType = record.ContentType;
        DisplayText = record.DisplayText;
        Slug = record.Slug;
        Published = record.Published;
        Latest = record.Latest;
        Owner = record.Owner;
        Author = record.Author;
        CreatedUtc = DateTime.SpecifyKind(record.CreatedUtc, DateTimeKind.Utc);
        ModifiedUtc = DateTime.SpecifyKind(record.ModifiedUtc, DateTimeKind.Utc);
        PublishedUtc = record.PublishedUtc is { } p ? DateTime.SpecifyKind(p, DateTimeKind.Utc) : null;
        Revision = record.Revision;
        Fields = JsonNode.Parse(record.Data) as JsonObject ?? [];
        // JsonNode builds its children lazily and not thread-safely; an item may be shared by concurrent requests
        // through the read cache, so build the whole tree now, while only this thread sees it.
        Materialize(Fields);
    }

    private static void Materialize(JsonNode? node)
    {
        switch (node)
        {
            case JsonObject o:
                foreach (var (_, child) in o) Materialize(child);
                break;
            case JsonArray a:
                foreach (var child in a) Materialize(child);
                break;
        }
    }

    public string ContentItemId { get; }
    public string ContentItemVersionId { get; }
    public string ContentType { get; }
    public string DisplayText { get; }
    public string Slug { get; }
    public bool Published { get; }
    public bool Latest { get; }
    public string? Owner { get; }
    public string? Author { get; }
    public DateTime CreatedUtc { get; }
    public DateTime ModifiedUtc { get; }
    public DateTime? PublishedUtc { get; }
    public int Revision { get; }
    public JsonObject Fields { get; }

    public string? Text(string field) => Fields[field] is JsonValue v && v.TryGetValue<string>(out var s) && s.Length > 0 ? s : null;

    public decimal? Number(string field) => Fields[field] is JsonValue v && v.GetValueKind() == JsonValueKind.Number ? v.GetValue<decimal>() : null;

    /// <summary>Term ids of a taxonomy field, or item ids of a content-picker field.</summary>
    public IReadOnlyList<string> Ids(string field) => ContentValues.Strings(Fields[field]);
}

internal static class ContentValues
{
    public static IReadOnlyList<string> Strings(JsonNode? node) => node switch
    {
        JsonArray a => [.. a.Select(n => n is JsonValue v && v.TryGetValue<string>(out var s) ? s : null).OfType<string>()],
        JsonValue v when v.TryGetValue<string>(out var s) => [s],
        _ => [],
    };
}
