using System.Diagnostics;
using LerendeRegio.Tests;
using System.Text.Json;

namespace LerendeRegio.BrowserTests;

/// <summary>The W3C Nu HTML Checker (vnu-jar from tests/tools) over pages given as HTML text, in one Java run.</summary>
internal static class NuChecker
{
    /// <summary>Every error the checker reports, as "label: message"; empty when all pages are valid.</summary>
    public static async Task<List<string>> ErrorsAsync(IReadOnlyList<(string Label, string Html)> pages)
    {
        var jar = Path.Combine(RepositoryPaths.Root, "tests", "tools", "node_modules", "vnu-jar", "build", "dist", "vnu.jar");
        Assert.True(File.Exists(jar), $"{jar} missing: tests/scripts/ensure-tools.sh installs it with npm.");
        var folder = Directory.CreateTempSubdirectory("lr-vnu-").FullName;
        try
        {
            var files = new List<(string File, string Label)>();
            foreach (var (label, html) in pages)
            {
                var file = Path.Combine(folder, $"page{files.Count}.html");
                await File.WriteAllTextAsync(file, html);
                files.Add((file, label));
            }
            var start = new ProcessStartInfo("java", ["-jar", jar, "--errors-only", "--format", "json", .. files.Select(f => f.File)])
            {
                RedirectStandardError = true,
                RedirectStandardOutput = true,
            };
            using var vnu = Process.Start(start)!;
            var report = await vnu.StandardError.ReadToEndAsync();
            await vnu.WaitForExitAsync();
            // vnu reports "file:/tmp/…/pageN.html".
            return [.. JsonDocument.Parse(report).RootElement.GetProperty("messages").EnumerateArray()
                .Where(m => m.GetProperty("type").GetString() == "error")
                .Select(m => $"{files.First(f => m.GetProperty("url").GetString()!.EndsWith("/" + Path.GetFileName(f.File), StringComparison.Ordinal)).Label}: {m.GetProperty("message").GetString()}")];
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }
}
