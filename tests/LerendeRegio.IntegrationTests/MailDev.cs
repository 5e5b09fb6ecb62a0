using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Text.Json.Serialization;

namespace LerendeRegio.IntegrationTests;

/// <summary>A real SMTP server for the mail tests: MailDev from tests/tools, on free ports, read through its REST API.</summary>
public sealed class MailDev : IAsyncDisposable
{
    private readonly Process _process;
    private readonly HttpClient _http;

    private MailDev(Process process, int smtpPort, int webPort, string folder)
    {
        _process = process;
        SmtpPort = smtpPort;
        WebPort = webPort;
        Folder = folder;
        _http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{webPort}/"), Timeout = TimeSpan.FromMinutes(2) };
    }

    public int SmtpPort { get; }

    public int WebPort { get; }

    /// <summary>Where MailDev keeps each received message as an .eml file.</summary>
    public string Folder { get; }

    public static async Task<MailDev> StartAsync()
    {
        var folder = Directory.CreateTempSubdirectory("lr-maildev-").FullName;
        var (smtp, web) = (FreePort(), FreePort());
        var start = new ProcessStartInfo("node")
        {
            WorkingDirectory = NodeTool.ToolsFolder,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in new[]
        {
            Path.Combine("node_modules", "maildev", "bin", "maildev"), "--smtp", smtp.ToString(), "--web", web.ToString(),
            "--ip", "127.0.0.1", "--mail-directory", folder, "--silent",
        })
        {
            start.ArgumentList.Add(argument);
        }
        var process = Process.Start(start) ?? throw new InvalidOperationException("MailDev did not start.");
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var maildev = new MailDev(process, smtp, web, folder);
        for (var i = 0; i < 300; i++)
        {
            if (process.HasExited) throw new InvalidOperationException($"MailDev exited with {process.ExitCode}; is tests/tools installed (tests/scripts/ensure-tools.sh)?");
            try
            {
                await maildev._http.GetAsync("email");
                using var probe = new TcpClient();
                await probe.ConnectAsync(IPAddress.Loopback, smtp);
                return maildev;
            }
            catch (Exception e) when (e is HttpRequestException or SocketException)
            {
                await Task.Delay(100);
            }
        }
        await maildev.DisposeAsync();
        throw new InvalidOperationException("MailDev did not answer within 30 seconds.");
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    /// <summary>
    /// Every message received so far. MailDev answers the SMTP client once it has written a message's .eml file, but lists the
    /// message in its REST API only after parsing it; so this waits until the list holds as many messages as there are files,
    /// or a mail the site has already sent could still be missing (and a test that expects none would pass by luck). A file
    /// whose sender was killed halfway is never listed: once the list has not grown for <see cref="Settle"/>, it is complete.
    /// </summary>
    public async Task<IReadOnlyList<ReceivedMail>> AllAsync()
    {
        var unchangedSince = Stopwatch.StartNew();
        var previous = -1;
        while (true)
        {
            var written = Directory.GetFiles(Folder, "*.eml").Length;
            var listed = await _http.GetFromJsonAsync<List<ReceivedMail>>("email") ?? [];
            if (listed.Count >= written) return listed;
            if (listed.Count != previous)
            {
                previous = listed.Count;
                unchangedSince.Restart();
            }
            else if (unchangedSince.Elapsed > Settle)
            {
                return listed;
            }
            await Task.Delay(50);
        }
    }

    /// <summary>How long the list must stay the same before unlisted files count as aborted (parsing one takes milliseconds).</summary>
    private static readonly TimeSpan Settle = TimeSpan.FromSeconds(3);

    public async Task<IReadOnlyList<ReceivedMail>> ToAsync(string address) =>
        [.. (await AllAsync()).Where(m => m.To.Any(t => string.Equals(t.Address, address, StringComparison.OrdinalIgnoreCase)))];

    /// <summary>Mail to an address, waiting (up to a generous limit) until at least <paramref name="count"/> arrived.</summary>
    public async Task<IReadOnlyList<ReceivedMail>> WaitForAsync(string address, int count = 1)
    {
        for (var i = 0; ; i++)
        {
            var mail = await ToAsync(address);
            if (mail.Count >= count || i >= 300) return mail;
            await Task.Delay(100);
        }
    }

    /// <summary>The message as the server received it (for MIME checks).</summary>
    public async Task<MimeKit.MimeMessage> SourceAsync(string id)
    {
        await using var stream = await _http.GetStreamAsync($"email/{id}/source");
        using var buffer = new MemoryStream();
        await stream.CopyToAsync(buffer);
        buffer.Position = 0;
        return await MimeKit.MimeMessage.LoadAsync(buffer);
    }

    public async ValueTask DisposeAsync()
    {
        _http.Dispose();
        try
        {
            if (!_process.HasExited) _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }
        catch (InvalidOperationException)
        {
        }
        _process.Dispose();
        try { Directory.Delete(Folder, recursive: true); } catch (IOException) { }
    }
}

public sealed record MailAddressDto(string Address, string? Name);

public sealed record ReceivedMail(
    string Id,
    string Subject,
    [property: JsonPropertyName("to")] IReadOnlyList<MailAddressDto> To,
    string? Html,
    string? Text,
    string? MessageId,
    IReadOnlyDictionary<string, System.Text.Json.JsonElement> Headers)
{
    public string? Header(string name) => Headers.TryGetValue(name.ToLowerInvariant(), out var value)
        ? value.ValueKind == System.Text.Json.JsonValueKind.Array ? value[0].GetString() : value.GetString()
        : null;
}
