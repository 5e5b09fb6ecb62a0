namespace LerendeRegio.Web.Content;

/// <summary>
/// One version of a content item, stored as a JSON document plus the columns that are queried.
/// At most one version of an item is <see cref="Published"/> and exactly one is <see cref="Latest"/>.
/// </summary>
public sealed class ContentItemVersion
{
    public long Id { get; set; }
    public required string ContentItemId { get; set; }
    public required string ContentItemVersionId { get; set; }
    public required string ContentType { get; set; }
    public required string DisplayText { get; set; }
    public required string Slug { get; set; }
    public bool Published { get; set; }
    public bool Latest { get; set; }
    public string? Owner { get; set; }
    public string? Author { get; set; }
    public DateTime CreatedUtc { get; set; }
    public DateTime ModifiedUtc { get; set; }
    public DateTime? PublishedUtc { get; set; }
    /// <summary>The item's revision, raised by every save: the optimistic-concurrency token clients send back.</summary>
    public int Revision { get; set; }
    /// <summary>The type's summary field, copied out so lists, cards and digests need not parse <see cref="Data"/>.</summary>
    public string? Summary { get; set; }
    /// <summary>Field values as a JSON object keyed by field name.</summary>
    public required string Data { get; set; }

    public List<ContentTermIndex> Terms { get; set; } = [];
    public List<ContentLinkIndex> Links { get; set; } = [];
}

/// <summary>Which vocabulary terms a version carries, so lists filter on terms in SQL.</summary>
public sealed class ContentTermIndex
{
    public long Id { get; set; }
    public long ContentItemVersionRecordId { get; set; }
    public required string Field { get; set; }
    public required string Vocabulary { get; set; }
    public required string TermId { get; set; }
}

/// <summary>Which items a version links to, so an item finds what links to it.</summary>
public sealed class ContentLinkIndex
{
    public long Id { get; set; }
    public long ContentItemVersionRecordId { get; set; }
    public required string Field { get; set; }
    public required string TargetContentItemId { get; set; }
}

public enum ContentChangeKind
{
    Published = 1,
    Unpublished = 2,
    Deleted = 3,
}

/// <summary>
/// An append-only record of every change to what the public sees. Written in the same transaction as the change;
/// search indexes and caches on every node follow it by <see cref="Sequence"/>.
/// </summary>
public sealed class ContentChangeLogEntry
{
    public long Sequence { get; set; }
    public required string ContentItemId { get; set; }
    public required string ContentType { get; set; }
    public ContentChangeKind Kind { get; set; }
    public string? ContentItemVersionId { get; set; }
    public DateTime OccurredUtc { get; set; }
}

/// <summary>A content type definition as stored by the recipe.</summary>
public sealed class ContentTypeRecord
{
    public required string Name { get; set; }
    public required string Definition { get; set; }
    public DateTime ModifiedUtc { get; set; }
}
