using LerendeRegio.Web.Content;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace LerendeRegio.Web.Editorial;

/// <summary>Where an item stands in the editorial workflow (concept → ter beoordeling → gepubliceerd).</summary>
public enum WorkflowState
{
    /// <summary>Concept: being written; only its owner's side and editors see it.</summary>
    Draft = 1,
    /// <summary>Ter beoordeling: offered to the editors; its contributors wait.</summary>
    InReview = 2,
    /// <summary>Teruggestuurd: an editor asked for changes, with a comment.</summary>
    SentBack = 3,
    /// <summary>Gepubliceerd: the latest version is the public one.</summary>
    Published = 4,
}

/// <summary>
/// The workflow side of one content item: who owns it, for which organisation, and whether it waits for review.
/// The content core stays the truth for what is published (Published/Latest and its change log); this row only
/// holds what the core does not know. "Gepubliceerd" is never stored: it is read from the latest version.
/// </summary>
public sealed class EditorialItem
{
    public required string ContentItemId { get; set; }
    /// <summary>Draft, InReview or SentBack.</summary>
    public WorkflowState State { get; set; } = WorkflowState.Draft;
    /// <summary>The organisation (school, municipality, project) the item was written for; its members share it.</summary>
    public string? Organisation { get; set; }
    /// <summary>The reviewer's last comment when sending the item back, shown to its authors until it is offered again.</summary>
    public string? ReviewComment { get; set; }
    public string? ReviewedBy { get; set; }
    public DateTime StateChangedUtc { get; set; }
}

public enum EditorialEventKind
{
    Created = 1,
    Submitted = 2,
    Withdrawn = 3,
    SentBack = 4,
    Published = 5,
    Unpublished = 6,
    Deleted = 7,
    Restored = 8,
}

/// <summary>One step in an item's workflow, for its history: who did what, when, and with which comment.</summary>
public sealed class EditorialEvent
{
    public long Id { get; set; }
    public required string ContentItemId { get; set; }
    /// <summary>The version the step was about (the version offered, sent back, published or restored from).</summary>
    public string? ContentItemVersionId { get; set; }
    public EditorialEventKind Kind { get; set; }
    public string? ActorId { get; set; }
    public string? ActorName { get; set; }
    public string? Comment { get; set; }
    public DateTime OccurredUtc { get; set; }
}

public sealed class EditorialItemConfiguration : IEntityTypeConfiguration<EditorialItem>
{
    public void Configure(EntityTypeBuilder<EditorialItem> builder)
    {
        var e = builder;
        e.ToTable("EditorialItems");
        e.HasKey(x => x.ContentItemId);
        e.Property(x => x.ContentItemId).HasMaxLength(ContentIds.MaxLength);
        e.Property(x => x.Organisation).HasMaxLength(200);
        e.Property(x => x.ReviewComment).HasMaxLength(4000);
        e.Property(x => x.ReviewedBy).HasMaxLength(256);
        e.HasIndex(x => new { x.State, x.StateChangedUtc });
        e.HasIndex(x => x.Organisation);
    }
}

public sealed class EditorialEventConfiguration : IEntityTypeConfiguration<EditorialEvent>
{
    public void Configure(EntityTypeBuilder<EditorialEvent> builder)
    {
        var e = builder;
        e.ToTable("EditorialEvents");
        e.Property(x => x.ContentItemId).HasMaxLength(ContentIds.MaxLength);
        e.Property(x => x.ContentItemVersionId).HasMaxLength(64);
        e.Property(x => x.ActorId).HasMaxLength(64);
        e.Property(x => x.ActorName).HasMaxLength(256);
        e.Property(x => x.Comment).HasMaxLength(4000);
        e.HasIndex(x => new { x.ContentItemId, x.Id });
    }
}
