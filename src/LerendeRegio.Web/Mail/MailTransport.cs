using System.IO;
using System.Net.Sockets;
using LerendeRegio.Web.Data;
using LerendeRegio.Web.Setup;
using MailKit;
using MailKit.Net.Smtp;
using MailKit.Security;
using Microsoft.Extensions.Options;
using MimeKit;

namespace LerendeRegio.Web.Mail;

/// <summary>Where mail goes: a folder of .eml files (embedded default) or an SMTP server.</summary>
public interface IMailTransport
{
    /// <summary>Opens one connection for a batch of messages; dispose the batch to close it.</summary>
    Task<IMailBatch> OpenBatchAsync(CancellationToken ct = default);
}

/// <summary>One open connection: every message of a batch goes over it.</summary>
public interface IMailBatch : IAsyncDisposable
{
    Task SendAsync(MimeMessage message, CancellationToken ct = default);

    /// <summary>
    /// Sends a message and calls <paramref name="beforeAcceptance"/> synchronously at the last moment before the
    /// message can be accepted: for SMTP after the whole message went over the wire and before the end-of-data mark
    /// (the server discards a message whose end mark never comes), for the pickup folder before the file gets its
    /// final name. Whoever needs to record "sent" exactly once records it there; an exception from the callback
    /// abandons the message. Should the callback not have run when the server accepted (a transport that cannot
    /// tell), it runs right after.
    /// </summary>
    Task SendAsync(MimeMessage message, Action beforeAcceptance, CancellationToken ct = default);
}

/// <summary>Tells failures the server will repeat (a refused address) from ones worth retrying (a dropped connection).</summary>
public static class MailFailures
{
    public static bool IsPermanent(Exception exception) => exception switch
    {
        SmtpCommandException command => (int)command.StatusCode >= 500,
        AuthenticationException => true,
        _ => false,
    };
}

/// <summary>Writes each message as an .eml file, first to a temporary name and then renamed, so a reader never sees half a message.</summary>
public sealed class PickupFolderTransport(DataPaths paths) : IMailTransport
{
    public string Folder => paths.Combine("mail");

    public Task<IMailBatch> OpenBatchAsync(CancellationToken ct = default)
    {
        Directory.CreateDirectory(Folder);
        return Task.FromResult<IMailBatch>(new Batch(Folder));
    }

    private sealed class Batch(string folder) : IMailBatch
    {
        public Task SendAsync(MimeMessage message, CancellationToken ct = default) => SendAsync(message, static () => { }, ct);

        public async Task SendAsync(MimeMessage message, Action beforeAcceptance, CancellationToken ct = default)
        {
            var name = $"{DateTime.UtcNow:yyyyMMddHHmmssfff}-{Guid.NewGuid():N}";
            var temporary = Path.Combine(folder, name + ".tmp");
            await using (var stream = File.Create(temporary))
            {
                await message.WriteToAsync(FormatOptions.Default, stream, ct);
            }
            try
            {
                beforeAcceptance();
            }
            catch
            {
                File.Delete(temporary);
                throw;
            }
            File.Move(temporary, Path.Combine(folder, name + ".eml"));
        }

        public ValueTask DisposeAsync() => ValueTask.CompletedTask;
    }
}

/// <summary>Sends over SMTP with MailKit, one connection per batch.</summary>
public sealed class SmtpTransport(IOptions<LerendeRegioOptions> options) : IMailTransport
{
    public async Task<IMailBatch> OpenBatchAsync(CancellationToken ct = default)
    {
        var smtp = options.Value.Smtp;
        var host = smtp.Host ?? throw new InvalidOperationException("LerendeRegio:Smtp:Host is not set.");
        var client = new SmtpClient();
        try
        {
            // Our own socket with Nagle off: with MailKit's default connect, every message on a loopback connection
            // waits for a delayed ACK (about 40 ms), which limits a batch to some 25 messages a second.
            var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
            try
            {
                await socket.ConnectAsync(host, smtp.Port, ct);
            }
            catch
            {
                socket.Dispose();
                throw;
            }
            await client.ConnectAsync(socket, host, smtp.Port, smtp.Security switch
            {
                SmtpSecurity.StartTls => SecureSocketOptions.StartTls,
                SmtpSecurity.SslOnConnect => SecureSocketOptions.SslOnConnect,
                _ => SecureSocketOptions.None,
            }, ct);
            if (!string.IsNullOrEmpty(smtp.UserName))
            {
                await client.AuthenticateAsync(smtp.UserName, smtp.Password ?? "", ct);
            }
            return new Batch(client);
        }
        catch
        {
            client.Dispose();
            throw;
        }
    }

    private sealed class Batch(SmtpClient client) : IMailBatch
    {
        public async Task SendAsync(MimeMessage message, CancellationToken ct = default) => await client.SendAsync(message, ct);

        public async Task SendAsync(MimeMessage message, Action beforeAcceptance, CancellationToken ct = default)
        {
            var progress = new AcceptanceProgress(beforeAcceptance);
            await client.SendAsync(FormatOptions.Default, message, ct, progress);
            progress.EnsureCalled();
        }

        public async ValueTask DisposeAsync()
        {
            try
            {
                if (client.IsConnected)
                {
                    await client.DisconnectAsync(quit: true);
                }
            }
            catch (Exception e) when (e is IOException or ServiceNotConnectedException or SmtpProtocolException)
            {
                // The server went away first: nothing left to close politely.
            }
            finally
            {
                client.Dispose();
            }
        }
    }
}

/// <summary>
/// MailKit reports the bytes of the message body as it writes them, before it writes the end-of-data mark; the
/// report that completes the measured size is the last moment before the server can accept the message.
/// </summary>
internal sealed class AcceptanceProgress(Action beforeAcceptance) : ITransferProgress
{
    private bool _called;

    public void Report(long bytesTransferred, long totalSize)
    {
        if (!_called && totalSize > 0 && bytesTransferred >= totalSize) EnsureCalled();
    }

    public void Report(long bytesTransferred)
    {
    }

    public void EnsureCalled()
    {
        if (_called) return;
        _called = true;
        beforeAcceptance();
    }
}
