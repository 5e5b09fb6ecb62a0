using LerendeRegio.Web.Content;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace LerendeRegio.Web.Upkeep;

/// <summary>
/// "Is this still current?" asked of an item's owner once per milestone (6 and 12 months after publication). The row is
/// written before the mail goes out, with a unique key, so two nodes or a rerun never ask twice.
/// </summary>
public sealed class UpkeepReminder
{
    public long Id { get; set; }
    public required string ContentItemId { get; set; }
    public int Milestone { get; set; }
    public required string Recipient { get; set; }
    public DateTime CreatedUtc { get; set; }
    public DateTime? SentUtc { get; set; }
}

/// <summary>An owner's answer: still current or not, and where else the practice was applied.</summary>
public sealed class UpkeepAnswer
{
    public long Id { get; set; }
    public required string ContentItemId { get; set; }
    public DateTime AnsweredUtc { get; set; }
    public bool StillCurrent { get; set; }
    public string? AppliedElsewhere { get; set; }
    public string? AnsweredBy { get; set; }
}

public sealed class UpkeepReminderConfiguration : IEntityTypeConfiguration<UpkeepReminder>
{
    public void Configure(EntityTypeBuilder<UpkeepReminder> builder)
    {
        builder.ToTable("UpkeepReminders");
        builder.Property(x => x.ContentItemId).HasMaxLength(ContentIds.MaxLength);
        builder.Property(x => x.Recipient).HasMaxLength(256);
        builder.HasIndex(x => new { x.ContentItemId, x.Milestone }).IsUnique();
    }
}

public sealed class UpkeepAnswerConfiguration : IEntityTypeConfiguration<UpkeepAnswer>
{
    public void Configure(EntityTypeBuilder<UpkeepAnswer> builder)
    {
        builder.ToTable("UpkeepAnswers");
        builder.Property(x => x.ContentItemId).HasMaxLength(ContentIds.MaxLength);
        builder.Property(x => x.AppliedElsewhere).HasMaxLength(UpkeepService.MaxAppliedElsewhere);
        builder.Property(x => x.AnsweredBy).HasMaxLength(256);
        builder.HasIndex(x => new { x.ContentItemId, x.AnsweredUtc });
    }
}
