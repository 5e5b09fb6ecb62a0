using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace LerendeRegio.Web.Audit;

/// <summary>What happened, in words an administrator reads in the audit log.</summary>
public enum AuditAction
{
    SignedIn = 1,
    SignInFailed = 2,
    LockedOut = 3,
    SignedOut = 4,
    TwoFactorEnabled = 5,
    TwoFactorDisabled = 6,
    TwoFactorFailed = 7,
    PasswordResetRequested = 8,
    PasswordReset = 9,
    Invited = 10,
    InvitationAccepted = 11,
    RoleChanged = 12,
    OrganisationChanged = 13,
    Blocked = 14,
    Unblocked = 15,
    Published = 20,
    Unpublished = 21,
    Deleted = 22,
    SentBack = 23,
    Submitted = 24,
    Restored = 25,
}

/// <summary>
/// One line of the audit log: append-only, written in the same transaction as the change it records where there is one
/// (publications, role changes), so the log and the data never disagree.
/// </summary>
public sealed class AuditEntry
{
    public long Id { get; set; }
    public DateTime OccurredUtc { get; set; }
    public AuditAction Action { get; set; }
    /// <summary>The account that acted (null for an unknown address at sign-in).</summary>
    public string? ActorId { get; set; }
    public string? ActorName { get; set; }
    /// <summary>What it was done to: an account's address or a content item's id.</summary>
    public string? Subject { get; set; }
    /// <summary>A readable description: a title, the old and new role, a reason.</summary>
    public string? Details { get; set; }
    public string? IpAddress { get; set; }
}

public sealed class AuditEntryConfiguration : IEntityTypeConfiguration<AuditEntry>
{
    public void Configure(EntityTypeBuilder<AuditEntry> builder)
    {
        var e = builder;
        e.ToTable("AuditLog");
        e.Property(x => x.ActorId).HasMaxLength(64);
        e.Property(x => x.ActorName).HasMaxLength(256);
        e.Property(x => x.Subject).HasMaxLength(256);
        e.Property(x => x.Details).HasMaxLength(2000);
        e.Property(x => x.IpAddress).HasMaxLength(64);
        e.HasIndex(x => x.OccurredUtc);
        e.HasIndex(x => new { x.Action, x.OccurredUtc });
    }
}
