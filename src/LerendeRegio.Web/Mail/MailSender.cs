using LerendeRegio.Web.Setup;
using Microsoft.Extensions.Options;
using MimeKit;

namespace LerendeRegio.Web.Mail;

/// <summary>Builds and sends single messages (invitations, confirmations, password resets).</summary>
public sealed class MailSender(IMailTransport transport, IOptions<LerendeRegioOptions> options)
{
    public MailboxAddress From => MailboxAddress.Parse(options.Value.Mail.From);

    /// <summary>A message from the site with an HTML body and its plain-text alternative.</summary>
    public MimeMessage Compose(string to, string subject, string html, string text)
    {
        var message = new MimeMessage();
        message.From.Add(From);
        message.To.Add(MailboxAddress.Parse(to));
        message.Subject = subject;
        message.Body = new BodyBuilder { HtmlBody = html, TextBody = text }.ToMessageBody();
        return message;
    }

    public async Task SendAsync(MimeMessage message, CancellationToken ct = default)
    {
        await using var batch = await transport.OpenBatchAsync(ct);
        await batch.SendAsync(message, ct);
    }
}

public static class MailExtensions
{
    /// <summary>Mail to a folder of .eml files by default; to an SMTP server when <c>LerendeRegio:Smtp:Host</c> is set.</summary>
    public static IHostApplicationBuilder AddMail(this IHostApplicationBuilder builder)
    {
        builder.Services.AddSingleton<PickupFolderTransport>();
        builder.Services.AddSingleton<SmtpTransport>();
        builder.Services.AddSingleton<IMailTransport>(sp =>
            string.IsNullOrWhiteSpace(sp.GetRequiredService<IOptions<LerendeRegioOptions>>().Value.Smtp.Host)
                ? sp.GetRequiredService<PickupFolderTransport>()
                : sp.GetRequiredService<SmtpTransport>());
        builder.Services.AddSingleton<MailSender>();
        builder.Services.AddSingleton<MailLinks>();
        return builder;
    }
}
