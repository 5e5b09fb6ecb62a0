using System.Diagnostics;
using LerendeRegio.Tests;

namespace LerendeRegio.IntegrationTests;

/// <summary>Runs a Node.js tool installed in tests/tools (tests/scripts/ensure-tools.sh installs them).</summary>
internal static class NodeTool
{
    public static string ToolsFolder => Path.Combine(RepositoryPaths.Root, "tests", "tools");

    public static async Task<(int ExitCode, string Output, string Error)> RunAsync(params string[] arguments)
    {
        var start = new ProcessStartInfo("node")
        {
            WorkingDirectory = ToolsFolder,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments) start.ArgumentList.Add(argument);
        // Redocly would otherwise phone home and look for updates.
        start.Environment["REDOCLY_TELEMETRY"] = "off";
        start.Environment["REDOCLY_SUPPRESS_UPDATE_NOTICE"] = "true";
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        await process.WaitForExitAsync(timeout.Token);
        return (process.ExitCode, await output, await error);
    }
}
