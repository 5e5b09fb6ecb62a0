using System.ComponentModel.DataAnnotations;

namespace LerendeRegio.Web.Mail;

public enum SmtpSecurity
{
    None,
    StartTls,
    SslOnConnect,
}

/// <summary><c>LerendeRegio:Smtp</c>: without a host, mail is written as .eml files under <c>&lt;DataPath&gt;/mail/</c>.</summary>
public sealed class SmtpOptions
{
    public string? Host { get; set; }

    [Range(1, 65535)]
    public int Port { get; set; } = 25;

    public SmtpSecurity Security { get; set; } = SmtpSecurity.None;

    public string? UserName { get; set; }

    public string? Password { get; set; }
}

/// <summary><c>LerendeRegio:Mail</c>: how outgoing mail presents itself.</summary>
public sealed class MailOptions
{
    /// <summary>The From address, RFC 5322 form (<c>Naam &lt;adres@voorbeeld.nl&gt;</c> or a bare address).</summary>
    [Required]
    public string From { get; set; } = "LerendeRegio <noreply@lerenderegio.nl>";

    /// <summary>The site's public address, for links in mail sent by background jobs (no request to take it from).</summary>
    public string? PublicBaseUrl { get; set; }
}
