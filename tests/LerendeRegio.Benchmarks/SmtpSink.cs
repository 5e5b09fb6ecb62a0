using System.Net;
using System.Net.Sockets;
using System.Text;

namespace LerendeRegio.Benchmarks;

/// <summary>
/// A minimal SMTP server that accepts everything and keeps nothing but counts (messages, bytes, per recipient): a sink
/// that costs far less per message than MailDev, so the benchmark measures the sender. Speaks EHLO with PIPELINING, SIZE
/// and 8BITMIME, MAIL, RCPT, DATA (dot-terminated), RSET, NOOP and QUIT; answers one line per command, in order.
/// </summary>
public sealed class SmtpSink : IAsyncDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _accepting;
    private long _messages, _bytes;

    public SmtpSink()
    {
        _listener.Start();
        _accepting = AcceptAsync();
    }

    public int Port => ((IPEndPoint)_listener.LocalEndpoint).Port;

    public long Messages => Interlocked.Read(ref _messages);

    public long Bytes => Interlocked.Read(ref _bytes);

    public System.Collections.Concurrent.ConcurrentDictionary<string, int> PerRecipient { get; } = new(StringComparer.OrdinalIgnoreCase);

    private async Task AcceptAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            Socket socket;
            try
            {
                socket = await _listener.AcceptSocketAsync(_stop.Token);
            }
            catch (OperationCanceledException)
            {
                return;
            }
            socket.NoDelay = true;
            _ = Task.Run(() => ServeAsync(socket));
        }
    }

    private async Task ServeAsync(Socket socket)
    {
        await using var stream = new NetworkStream(socket, ownsSocket: true);
        var reader = new StreamReader(stream, Encoding.Latin1, false, 64 * 1024);
        var writer = new StreamWriter(stream, Encoding.ASCII, 4096) { NewLine = "\r\n", AutoFlush = false };
        async Task Reply(string line)
        {
            await writer.WriteLineAsync(line);
            await writer.FlushAsync();
        }
        try
        {
            await writer.WriteLineAsync("220 sink ESMTP");
            await writer.FlushAsync();
            var recipients = new List<string>();
            while (await reader.ReadLineAsync() is { } line)
            {
                var command = line.Length >= 4 ? line[..4].ToUpperInvariant() : line.ToUpperInvariant();
                switch (command)
                {
                    case "EHLO":
                        await writer.WriteLineAsync("250-sink");
                        await writer.WriteLineAsync("250-PIPELINING");
                        // As real servers do (Postfix, Exchange): MailKit then measures every message before MAIL FROM.
                        await writer.WriteLineAsync("250-SIZE 52428800");
                        await Reply("250 8BITMIME");
                        break;
                    case "HELO":
                    case "NOOP":
                    case "RSET":
                        recipients.Clear();
                        await Reply("250 OK");
                        break;
                    case "MAIL":
                        recipients.Clear();
                        await Reply("250 OK");
                        break;
                    case "RCPT":
                        var start = line.IndexOf('<');
                        recipients.Add(start >= 0 ? line[(start + 1)..line.IndexOf('>', start)] : line[8..]);
                        await Reply("250 OK");
                        break;
                    case "DATA":
                        await writer.WriteLineAsync("354 go ahead");
                        await writer.FlushAsync();
                        long size = 0;
                        while (await reader.ReadLineAsync() is { } data && data != ".") size += data.Length + 2;
                        Interlocked.Increment(ref _messages);
                        Interlocked.Add(ref _bytes, size);
                        foreach (var recipient in recipients) PerRecipient.AddOrUpdate(recipient, 1, (_, n) => n + 1);
                        await Reply("250 OK queued");
                        break;
                    case "QUIT":
                        await writer.WriteLineAsync("221 bye");
                        await writer.FlushAsync();
                        return;
                    default:
                        await Reply("502 not implemented");
                        break;
                }
            }
        }
        catch (IOException)
        {
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Stop();
        await _accepting;
        _stop.Dispose();
    }
}
