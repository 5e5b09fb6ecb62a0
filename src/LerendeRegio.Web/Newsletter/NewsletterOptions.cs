using System.ComponentModel.DataAnnotations;

namespace LerendeRegio.Web.Newsletter;

/// <summary>Where Hangfire keeps its jobs: in memory (one node, lost on restart) or in PostgreSQL (shared by nodes).</summary>
public enum JobStorageKind
{
    /// <summary>PostgreSQL when the site's database is PostgreSQL, otherwise in memory.</summary>
    Auto,
    InMemory,
    PostgreSql,
}

/// <summary>The <c>LerendeRegio:Newsletter</c> configuration section: subscriptions, the monthly digest and its delivery.</summary>
public sealed class NewsletterOptions : IValidatableObject
{
    public const string Section = "LerendeRegio:Newsletter";

    /// <summary>Run the monthly digest on its schedule. Subscribing, previews and "send now" work either way.</summary>
    public bool Digests { get; set; } = true;

    /// <summary>Cron expression (Hangfire, 5 fields) of the monthly run, in <see cref="TimeZone"/>; it sends the previous month.</summary>
    [Required]
    public string Schedule { get; set; } = "0 7 1 * *";

    [Required]
    public string TimeZone { get; set; } = "Europe/Amsterdam";

    /// <summary>Send nothing to a subscriber for whom nothing new matched (true), or a short "niets nieuws" mail (false).</summary>
    public bool SkipEmpty { get; set; } = true;

    /// <summary>Subscribers per batch job: one SMTP connection each; batches run on any worker of any node.</summary>
    [Range(1, 5_000)]
    public int BatchSize { get; set; } = 250;

    /// <summary>Hangfire workers on this node; 0 runs no jobs here (a node that only serves pages).</summary>
    [Range(0, 64)]
    public int Workers { get; set; } = 4;

    public JobStorageKind JobStorage { get; set; } = JobStorageKind.Auto;

    /// <summary>How long the link in the confirmation mail works.</summary>
    [Range(1, 24 * 30)]
    public int ConfirmationHours { get; set; } = 48;

    /// <summary>How long the preferences link in a mail works (unsubscribing keeps working after it).</summary>
    [Range(1, 3_650)]
    public int PreferencesLinkDays { get; set; } = 90;

    /// <summary>At most one mail per address from the subscribe form in this many minutes, whatever is asked.</summary>
    [Range(0, 24 * 60)]
    public int MailIntervalMinutes { get; set; } = 10;

    /// <summary>Subscribe requests one client IP address may make per hour.</summary>
    [Range(1, 1_000_000)]
    public int RequestsPerHourPerIp { get; set; } = 20;

    /// <summary>Subscribe requests for one e-mail address per hour (counted whether or not the address is known).</summary>
    [Range(1, 1_000_000)]
    public int RequestsPerHourPerAddress { get; set; } = 5;

    /// <summary>How long a worker's claim on a delivery blocks others; a claim older than this is taken over (after a crash).</summary>
    [Range(5, 24 * 3600)]
    public int ClaimSeconds { get; set; } = 600;

    /// <summary>At most this many items in one digest (newest first); the rest is a link to the site.</summary>
    [Range(1, 200)]
    public int MaxItems { get; set; } = 25;

    /// <summary>Saved searches one subscriber may have (active ones; as many may wait for confirmation).</summary>
    [Range(1, 100)]
    public int MaxSavedSearches { get; set; } = 10;

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (!TryFindTimeZone(TimeZone, out _))
            yield return new ValidationResult($"LerendeRegio:Newsletter:TimeZone: '{TimeZone}' is not a known time zone (use an IANA name such as Europe/Amsterdam).", [nameof(TimeZone)]);
        if (!IsCron(Schedule))
            yield return new ValidationResult($"LerendeRegio:Newsletter:Schedule: '{Schedule}' is not a cron expression of 5 fields (minute hour day month weekday), e.g. '0 7 1 * *'.", [nameof(Schedule)]);
    }

    public TimeZoneInfo Zone => TryFindTimeZone(TimeZone, out var zone) ? zone : TimeZoneInfo.Utc;

    private static bool TryFindTimeZone(string id, out TimeZoneInfo zone)
    {
        try
        {
            zone = TimeZoneInfo.FindSystemTimeZoneById(id);
            return true;
        }
        catch (Exception e) when (e is TimeZoneNotFoundException or InvalidTimeZoneException)
        {
            zone = TimeZoneInfo.Utc;
            return false;
        }
    }

    // Hangfire parses the expression itself when the job is registered at start (and fails the start on a bad one);
    // this catches the common mistakes with a message that names the setting.
    private static bool IsCron(string expression) =>
        expression.Split(' ', StringSplitOptions.RemoveEmptyEntries) is { Length: 5 or 6 } fields
        && fields.All(f => f.All(c => char.IsAsciiLetterOrDigit(c) || c is '*' or ',' or '-' or '/' or '?' or 'L' or 'W' or '#'));
}
