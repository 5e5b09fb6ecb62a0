using System.Text.Json.Serialization;

namespace LerendeRegio.Web.Content;

/// <summary>The kinds of field a content type can be built from (Orchard Core's field set, plus a repeatable group).</summary>
[JsonConverter(typeof(JsonStringEnumConverter<FieldKind>))]
public enum FieldKind
{
    Text,
    Markdown,
    Number,
    Date,
    Boolean,
    Link,
    Taxonomy,
    ContentPicker,
    Media,
    /// <summary>A repeatable group of sub-fields, like Orchard's BagPart (tranches, progress notes, elements).</summary>
    List,
}

/// <summary>A content type as the recipe defines it: parts that group fields. Stored as JSON, so a recipe can add a type or field without a release.</summary>
public sealed record ContentTypeDefinition
{
    public required string Name { get; init; }
    public required string DisplayName { get; init; }
    public required string PluralDisplayName { get; init; }
    /// <summary>First URL segment of the type's pages, e.g. <c>interventies</c>.</summary>
    public required string RoutePrefix { get; init; }
    public IReadOnlyList<ContentPartDefinition> Parts { get; init; } = [];
    /// <summary>The text field that summarises an item in lists, cards, feeds and digests.</summary>
    public string SummaryField { get; init; } = "samenvatting";

    [JsonIgnore]
    public IEnumerable<ContentFieldDefinition> Fields => Parts.SelectMany(p => p.Fields);

    public ContentFieldDefinition? GetField(string name) => Fields.FirstOrDefault(f => f.Name == name);
}

public sealed record ContentPartDefinition
{
    public required string Name { get; init; }
    public string? DisplayName { get; init; }
    public IReadOnlyList<ContentFieldDefinition> Fields { get; init; } = [];
}

public sealed record ContentFieldDefinition
{
    public required string Name { get; init; }
    public required string DisplayName { get; init; }
    public required FieldKind Kind { get; init; }
    public bool Required { get; init; }
    public string? Hint { get; init; }
    public int? MaxLength { get; init; }
    public string? Pattern { get; init; }
    public decimal? Min { get; init; }
    public decimal? Max { get; init; }
    /// <summary>Taxonomy: the vocabulary the terms come from.</summary>
    public string? Vocabulary { get; init; }
    /// <summary>Content picker: the types that may be linked.</summary>
    public IReadOnlyList<string>? ContentTypes { get; init; }
    /// <summary>Taxonomy, content picker, media: more than one value allowed.</summary>
    public bool Multiple { get; init; } = true;
    /// <summary>List: the sub-fields of one entry.</summary>
    public IReadOnlyList<ContentFieldDefinition>? Fields { get; init; }
}
