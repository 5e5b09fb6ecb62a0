using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace LerendeRegio.Web.Newsletter;

public enum SubscriberStatus
{
    /// <summary>Asked to subscribe; nothing but the confirmation mail goes here until the link is followed.</summary>
    Pending,
    Confirmed,
}

/// <summary>Someone who asked for the digest. Unsubscribing or erasing deletes the row (and its delivery records and saved searches).</summary>
public sealed class Subscriber
{
    public long Id { get; set; }

    /// <summary>Lower-cased and trimmed; unique.</summary>
    public required string Email { get; set; }

    public SubscriberStatus Status { get; set; }

    /// <summary>Term ids of the thema vocabulary, space-separated; empty means every theme.</summary>
    public string Themes { get; set; } = "";

    /// <summary>Term ids of the gemeente vocabulary, space-separated; empty means every municipality.</summary>
    public string Gemeenten { get; set; } = "";

    /// <summary>Content type names, space-separated; empty means every type.</summary>
    public string Types { get; set; } = "";

    public DateTime CreatedUtc { get; set; }

    public DateTime? ConfirmedUtc { get; set; }

    /// <summary>When the subscribe form last caused a mail to this address (the mail-bomb guard).</summary>
    public DateTime? LastFormMailUtc { get; set; }

    public DateTime? PreferencesChangedUtc { get; set; }

    /// <summary>
    /// Whether the digest holds the general part (what is new, filtered by <see cref="Preferences"/>). Off for someone
    /// who subscribed only to get a saved search's new matches; then the digest holds only those.
    /// </summary>
    public bool GeneralDigest { get; set; } = true;

    public SubscriberPreferences Preferences
    {
        get => new(Split(Themes), Split(Gemeenten), Split(Types));
        set
        {
            Themes = string.Join(' ', value.Themes);
            Gemeenten = string.Join(' ', value.Gemeenten);
            Types = string.Join(' ', value.Types);
        }
    }

    private static string[] Split(string value) => value.Split(' ', StringSplitOptions.RemoveEmptyEntries);
}

/// <summary>What a subscriber wants: within a list any value matches, the lists must all match; an empty list is "alles".</summary>
public sealed record SubscriberPreferences(IReadOnlyList<string> Themes, IReadOnlyList<string> Gemeenten, IReadOnlyList<string> Types)
{
    public static readonly SubscriberPreferences Everything = new([], [], []);

    public bool IsEverything => Themes.Count == 0 && Gemeenten.Count == 0 && Types.Count == 0;
}

public enum DeliveryState
{
    /// <summary>Claimed by a worker (see the claim token and lease); not yet handed to the server.</summary>
    Sending,
    /// <summary>Marked just before the server could accept the message (see <c>DigestSender</c>).</summary>
    Sent,
    /// <summary>Nothing new for this subscriber and <c>SkipEmpty</c> is on.</summary>
    Skipped,
    /// <summary>The server refused the message for good (5xx); shown to editors.</summary>
    Failed,
}

/// <summary>
/// The delivery ledger: one row per (subscriber, period), written before sending and updated after, so retries and a
/// resumed run never send twice. Rows go with their subscriber when the subscriber is erased.
/// </summary>
public sealed class DigestDelivery
{
    public long Id { get; set; }

    public long SubscriberId { get; set; }

    /// <summary>The month, <c>yyyy-MM</c>.</summary>
    public required string Period { get; set; }

    public DeliveryState State { get; set; }

    /// <summary>The worker run holding the claim; a Sent mark only lands with the same token.</summary>
    public string? ClaimToken { get; set; }

    public DateTime LeaseUntilUtc { get; set; }

    public int Attempts { get; set; }

    public int ItemCount { get; set; }

    public string? MessageId { get; set; }

    public string? Error { get; set; }

    public DateTime CreatedUtc { get; set; }

    public DateTime? SentUtc { get; set; }
}

/// <summary>The key that signs links in mail; in the database so every node and the command line share it.</summary>
public sealed class NewsletterKey
{
    public int Id { get; set; }

    public required byte[] Key { get; set; }
}

internal sealed class SubscriberConfiguration : IEntityTypeConfiguration<Subscriber>
{
    public void Configure(EntityTypeBuilder<Subscriber> e)
    {
        e.ToTable("NewsletterSubscribers");
        e.Property(x => x.Email).HasMaxLength(254);
        e.HasIndex(x => x.Email).IsUnique();
        e.Property(x => x.Status).HasConversion<string>().HasMaxLength(16);
        e.Property(x => x.Themes).HasMaxLength(4000);
        e.Property(x => x.Gemeenten).HasMaxLength(4000);
        e.Property(x => x.Types).HasMaxLength(1000);
        e.Ignore(x => x.Preferences);
        e.HasIndex(x => new { x.Status, x.Id });
    }
}

internal sealed class DigestDeliveryConfiguration : IEntityTypeConfiguration<DigestDelivery>
{
    public void Configure(EntityTypeBuilder<DigestDelivery> e)
    {
        e.ToTable("NewsletterDeliveries");
        e.Property(x => x.Period).HasMaxLength(7);
        e.Property(x => x.State).HasConversion<string>().HasMaxLength(16);
        e.Property(x => x.ClaimToken).HasMaxLength(32);
        e.Property(x => x.MessageId).HasMaxLength(200);
        e.Property(x => x.Error).HasMaxLength(1000);
        e.HasIndex(x => new { x.SubscriberId, x.Period }).IsUnique();
        e.HasIndex(x => new { x.Period, x.State });
        e.HasOne<Subscriber>().WithMany().HasForeignKey(x => x.SubscriberId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class NewsletterKeyConfiguration : IEntityTypeConfiguration<NewsletterKey>
{
    public void Configure(EntityTypeBuilder<NewsletterKey> e)
    {
        e.ToTable("NewsletterKeys");
        e.Property(x => x.Id).ValueGeneratedNever();
    }
}
