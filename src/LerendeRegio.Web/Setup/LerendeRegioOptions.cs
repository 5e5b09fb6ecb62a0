using System.ComponentModel.DataAnnotations;
using LerendeRegio.Web.Mail;

namespace LerendeRegio.Web.Setup;

public enum DatabaseProvider
{
    Sqlite,
    PostgreSql,
}

/// <summary>The <c>LerendeRegio</c> configuration section. Validated at start, so a wrong setting fails at boot.</summary>
public sealed class LerendeRegioOptions : IValidatableObject
{
    public const string Section = "LerendeRegio";

    /// <summary>Folder for the SQLite database, mail and other local data; relative to the content root.</summary>
    [Required]
    public string DataPath { get; set; } = "App_Data";

    public DatabaseOptions Database { get; set; } = new();

    public AdminOptions Admin { get; set; } = new();

    /// <summary>An SMTP server for outgoing mail; without a host, mail goes to <c>&lt;DataPath&gt;/mail/</c> as .eml files.</summary>
    public SmtpOptions Smtp { get; set; } = new();

    public MailOptions Mail { get; set; } = new();

    /// <summary>Reverse proxies / load balancers whose X-Forwarded-For and X-Forwarded-Proto headers are believed.</summary>
    public ProxyOptions Proxy { get; set; } = new();

    /// <summary>Folder with the setup recipe; defaults to the copy next to the application.</summary>
    public string? RecipesPath { get; set; }

    /// <summary>Name of the recipe that sets up an empty site.</summary>
    [Required]
    public string SetupRecipe { get; set; } = "lerende-regio";

    /// <summary>Cache anonymous public pages (evicted when content is published); off only for measurements.</summary>
    public bool OutputCache { get; set; } = true;

    /// <summary>Keep answers about published content in memory until the change log moves; off only for measurements.</summary>
    public bool ContentCache { get; set; } = true;

    /// <summary>Keep a search index on this node (a node that only runs background jobs can do without).</summary>
    public bool SearchIndex { get; set; } = true;

    /// <summary>Maps <c>/bench/plain</c>, the minimal endpoint load tests compare against.</summary>
    public bool BenchmarkEndpoints { get; set; }

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        foreach (var proxy in Proxy.KnownProxies.Where(p => !System.Net.IPAddress.TryParse(p, out _)))
        {
            yield return new ValidationResult($"LerendeRegio:Proxy:KnownProxies: '{proxy}' is not an IP address.", [nameof(Proxy)]);
        }
        foreach (var network in Proxy.KnownNetworks.Where(n => !System.Net.IPNetwork.TryParse(n, out _)))
        {
            yield return new ValidationResult($"LerendeRegio:Proxy:KnownNetworks: '{network}' is not a network in CIDR notation (e.g. 10.0.0.0/8).", [nameof(Proxy)]);
        }
        if (!MimeKit.MailboxAddress.TryParse(Mail.From, out _))
        {
            yield return new ValidationResult($"LerendeRegio:Mail:From is not a valid address: '{Mail.From}'.", [nameof(Mail)]);
        }
        if (Database.Provider == DatabaseProvider.PostgreSql && string.IsNullOrWhiteSpace(Database.ConnectionString))
        {
            yield return new ValidationResult(
                "LerendeRegio:Database:ConnectionString is required when LerendeRegio:Database:Provider is PostgreSql.",
                [nameof(Database)]);
        }
        if (!string.IsNullOrEmpty(Admin.Email) != !string.IsNullOrEmpty(Admin.Password))
        {
            yield return new ValidationResult(
                "Set both LerendeRegio:Admin:Email and LerendeRegio:Admin:Password to create the first administrator, or neither.",
                [nameof(Admin)]);
        }
    }
}

public sealed class DatabaseOptions
{
    public DatabaseProvider Provider { get; set; } = DatabaseProvider.Sqlite;

    /// <summary>For SQLite optional (default: <c>&lt;DataPath&gt;/lerende-regio.db</c>); required for PostgreSQL.</summary>
    public string? ConnectionString { get; set; }
}

public sealed class AdminOptions
{
    [EmailAddress]
    public string? Email { get; set; }

    public string? Password { get; set; }
}

public sealed class ProxyOptions
{
    /// <summary>IP addresses of proxies in front of the site (loopback is always trusted).</summary>
    public string[] KnownProxies { get; set; } = [];

    /// <summary>Networks of proxies in CIDR notation, e.g. the load balancer's subnet 10.0.0.0/24.</summary>
    public string[] KnownNetworks { get; set; } = [];
}
