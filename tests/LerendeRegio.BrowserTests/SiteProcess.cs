using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using LerendeRegio.Tests;

namespace LerendeRegio.BrowserTests;

/// <summary>
/// The real site in its own process on a free loopback port, on an empty data folder: the README's run command
/// with the same build configuration the tests were built with.
/// </summary>
public sealed class SiteProcess : IAsyncLifetime
{
    private readonly string _dataPath = Directory.CreateTempSubdirectory("lr-browser-").FullName;
    private Process? _process;
    private readonly List<string> _output = [];

    public string BaseUrl { get; private set; } = "";

    /// <summary>The first administrator, created at start as the README describes (without 2FA: the site asks for it).</summary>
    public const string AdminEmail = "beheer@lerenderegio.test";
    public const string AdminPassword = "een lang en veilig beheerderswachtwoord";

    /// <summary>The site's data folder; mail lands in its <c>mail/</c> folder as .eml files.</summary>
    public string DataPath => _dataPath;

    public async Task InitializeAsync()
    {
        // One retry when the process dies while starting: a free port can be taken between our probe and Kestrel's
        // bind on a busy machine. The first failure's output goes to stderr so it is never hidden.
        try
        {
            await StartAsync();
        }
        catch (InvalidOperationException first) when (_process is { HasExited: true })
        {
            await Console.Error.WriteLineAsync("Site process failed to start; retrying once. First attempt:\n" + first.Message);
            lock (_output) _output.Clear();
            await StartAsync();
        }
    }

    private async Task StartAsync()
    {
        var port = FreePort();
        BaseUrl = $"http://127.0.0.1:{port}";
        var configuration = new DirectoryInfo(AppContext.BaseDirectory).Parent!.Name; // bin/<Configuration>/net10.0
        var dll = Path.Combine(RepositoryPaths.Root, "src", "LerendeRegio.Web", "bin", configuration, "net10.0", "LerendeRegio.Web.dll");
        if (!File.Exists(dll)) throw new FileNotFoundException("Build the solution first (tests/run.sh does).", dll);
        var start = new ProcessStartInfo("dotnet", [dll])
        {
            WorkingDirectory = Path.GetDirectoryName(dll)!,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.Environment["ASPNETCORE_URLS"] = BaseUrl;
        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        start.Environment["LerendeRegio__DataPath"] = _dataPath;
        start.Environment["LerendeRegio__Admin__Email"] = AdminEmail;
        start.Environment["LerendeRegio__Admin__Password"] = AdminPassword;
        _process = Process.Start(start)!;
        _process.OutputDataReceived += (_, e) => { lock (_output) if (e.Data is not null) _output.Add(e.Data); };
        _process.ErrorDataReceived += (_, e) => { lock (_output) if (e.Data is not null) _output.Add(e.Data); };
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();

        using var http = new HttpClient();
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (DateTime.UtcNow < deadline)
        {
            if (_process.HasExited) break;
            try
            {
                if ((await http.GetAsync($"{BaseUrl}/health")).StatusCode == HttpStatusCode.OK) return;
            }
            catch (HttpRequestException) { }
            await Task.Delay(200);
        }
        string log;
        lock (_output) log = string.Join('\n', _output.TakeLast(40));
        throw new InvalidOperationException($"The site did not become healthy at {BaseUrl}:\n{log}");
    }

    public async Task DisposeAsync()
    {
        if (_process is { HasExited: false })
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }
        _process?.Dispose();
        try { Directory.Delete(_dataPath, recursive: true); } catch (IOException) { }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
