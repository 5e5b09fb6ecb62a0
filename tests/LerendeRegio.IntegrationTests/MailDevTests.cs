using MailKit.Net.Smtp;
using MailKit.Security;
using MimeKit;

namespace LerendeRegio.IntegrationTests;

/// <summary>
/// The mail tests read what the site sent from MailDev right after the site's SMTP client got its answer; these check that
/// the reading does not race MailDev's own parsing (a digest missing by a few milliseconds failed a CI run).
/// </summary>
public sealed class MailDevTests : IAsyncLifetime
{
    private MailDev _maildev = null!;

    public async Task InitializeAsync() => _maildev = await MailDev.StartAsync();

    public async Task DisposeAsync() => await _maildev.DisposeAsync();

    [Fact]
    public async Task A_message_the_server_accepted_is_listed_at_once_even_when_its_parsing_takes_a_while()
    {
        using var smtp = new SmtpClient();
        await smtp.ConnectAsync("127.0.0.1", _maildev.SmtpPort, SecureSocketOptions.None);
        for (var i = 0; i < 5; i++)
        {
            // A few megabytes of attachment keep MailDev's parser busy well after the SMTP answer.
            var body = new BodyBuilder { TextBody = $"Bericht {i}" };
            body.Attachments.Add($"bijlage-{i}.bin", Enumerable.Range(0, 4_000_000).Select(b => (byte)(b * 31 + i)).ToArray());
            var message = new MimeMessage([MailboxAddress.Parse("site@lerenderegio.test")], [MailboxAddress.Parse($"lezer-{i}@lerenderegio.test")],
                $"Bericht {i}", body.ToMessageBody());
            await smtp.SendAsync(message);

            Assert.Single(await _maildev.ToAsync($"lezer-{i}@lerenderegio.test"));
        }
        await smtp.DisconnectAsync(true);
    }
}
