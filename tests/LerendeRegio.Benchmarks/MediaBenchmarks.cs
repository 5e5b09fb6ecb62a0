using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Running;
using BenchmarkDotNet.Toolchains.InProcess.Emit;
using LerendeRegio.IntegrationTests;
using LerendeRegio.Web.Media;
using NetVips;

namespace LerendeRegio.Benchmarks;

/// <summary>
/// The media engine on a 12-megapixel camera JPEG: all variants as an upload makes them, next to a plain NetVips
/// thumbnail of the same file (the baseline), and the refusal of a 50 000 × 50 000 header.
/// </summary>
[MemoryDiagnoser]
public class MediaBenchmarks
{
    public static string Folder { get; set; } = "";

    private string Photo => Path.Combine(Folder, "camera-12mp.jpg");

    private string Bomb => Path.Combine(Folder, "bomb-50000.png");

    private string _work = "";

    [GlobalSetup]
    public void Setup()
    {
        ImagePipeline.Configure();
        _work = Directory.CreateDirectory(Path.Combine(Folder, "work")).FullName;
    }

    [Benchmark(Baseline = true, Description = "NetVips thumbnail 320 px, JPEG (as in the issue trial)")]
    public byte[] Thumbnail320()
    {
        using var image = Image.Thumbnail(Photo, 320);
        return image.JpegsaveBuffer();
    }

    [Benchmark(Description = "NetVips thumbnail 1280 px, JPEG")]
    public byte[] Thumbnail1280()
    {
        using var image = Image.Thumbnail(Photo, 1280, height: 16383);
        return image.JpegsaveBuffer();
    }

    [Benchmark(Description = "all variants (320/640/1280 × WebP+JPEG, full decode, no metadata)")]
    public int AllVariants()
    {
        // As an upload does it: the header decides whether colours need converting.
        using var stream = File.OpenRead(Photo);
        var header = ImagePipeline.ReadHeader(stream, MediaFormat.Jpeg);
        return ImagePipeline.MakeVariants(Photo, _work, "bench", header.NeedsColourConversion).Count;
    }

    [Benchmark(Description = "refuse 50 000 × 50 000 PNG from its header")]
    public bool RefuseBomb()
    {
        using var stream = File.OpenRead(Bomb);
        return ImagePipeline.ReadHeader(stream, MediaFormat.Png).Pixels > new MediaOptions().MaxPixels;
    }

    public static void WriteInputs(string folder)
    {
        File.WriteAllBytes(Path.Combine(folder, "camera-12mp.jpg"), TestImages.CameraJpeg());
        File.WriteAllBytes(Path.Combine(folder, "bomb-50000.png"), TestImages.PngBomb(50_000, 50_000));
    }

    /// <summary>One operation in a fresh process (so its peak resident memory is its own): times, VmHWM and libvips' high-water mark.</summary>
    public static int Probe(string operation, string folder)
    {
        Folder = folder;
        var bench = new MediaBenchmarks();
        bench.Setup();
        Action run = operation switch
        {
            "none" => () => { },
            "thumbnail320" => () => bench.Thumbnail320(),
            "thumbnail1280" => () => bench.Thumbnail1280(),
            "variants" => () => bench.AllVariants(),
            "bomb" => () => bench.RefuseBomb(),
            _ => throw new ArgumentException($"Unknown operation {operation}."),
        };
        var times = new List<double>();
        var cpu = new List<double>();
        using var self = Process.GetCurrentProcess();
        for (var i = 0; i < 7; i++)
        {
            self.Refresh();
            var cpuStart = self.TotalProcessorTime;
            var start = Stopwatch.GetTimestamp();
            run();
            times.Add(Stopwatch.GetElapsedTime(start).TotalMilliseconds);
            self.Refresh();
            cpu.Add((self.TotalProcessorTime - cpuStart).TotalMilliseconds);
        }
        var first = times[0];
        times.Sort();
        cpu.Sort();
        Console.WriteLine(JsonSerializer.Serialize(new ProbeResult(first, times[times.Count / 2], cpu[cpu.Count / 2], PeakResidentMb(), Stats.MemHighwater / 1048576.0)));
        return 0;
    }

    private static double PeakResidentMb()
    {
        var line = File.ReadAllLines("/proc/self/status").First(l => l.StartsWith("VmHWM:", StringComparison.Ordinal));
        return long.Parse(Regex.Match(line, "[0-9]+").Value, CultureInfo.InvariantCulture) / 1024.0;
    }

    public sealed record ProbeResult(double FirstMs, double MedianMs, double MedianCpuMs, double PeakRssMb, double VipsHighwaterMb);

    /// <summary>Runs the probes and BenchmarkDotNet; writes the media section of docs/benchmarks.md when given.</summary>
    public static int Run(string[] args)
    {
        var docsFile = args.Length > 0 ? args[0] : null;
        var loadBefore = File.ReadAllText("/proc/loadavg").Split(' ')[0];
        Folder = Directory.CreateDirectory(Path.Combine(Path.GetTempPath(), "lr-media-bench")).FullName;
        WriteInputs(Folder);
        var photoBytes = new FileInfo(Path.Combine(Folder, "camera-12mp.jpg")).Length;

        var self = Environment.ProcessPath!;
        var dll = typeof(MediaBenchmarks).Assembly.Location;
        var probes = new Dictionary<string, ProbeResult>();
        foreach (var probe in new[] { "none", "thumbnail320", "thumbnail1280", "variants", "variants+arenas", "bomb" })
        {
            var operation = probe.Split('+')[0];
            var start = new ProcessStartInfo(self) { RedirectStandardOutput = true };
            // glibc gives each thread its own malloc arena; libvips' worker threads then keep freed memory apart.
            if (probe.EndsWith("+arenas", StringComparison.Ordinal)) start.Environment["MALLOC_ARENA_MAX"] = "2";
            if (!Path.GetFileNameWithoutExtension(self).Equals("LerendeRegio.Benchmarks", StringComparison.Ordinal)) start.ArgumentList.Add(dll);
            foreach (var a in new[] { "media-probe", operation, Folder }) start.ArgumentList.Add(a);
            using var child = Process.Start(start)!;
            var output = child.StandardOutput.ReadToEnd();
            child.WaitForExit();
            probes[probe] = JsonSerializer.Deserialize<ProbeResult>(output.Trim().Split('\n')[^1])!;
            Console.WriteLine($"{probe,-16} {probes[probe]}");
        }

        BenchmarkRunner.Run<MediaBenchmarks>(DefaultConfig.Instance
            .AddJob(Job.ShortRun.WithToolchain(InProcessEmitToolchain.Instance).WithWarmupCount(2).WithIterationCount(7))
            .WithOptions(ConfigOptions.DisableOptimizationsValidator));

        var nl = CultureInfo.InvariantCulture;
        var idle = probes["none"].PeakRssMb;
        var md = new StringBuilder();
        md.AppendLine(nl, $"Measured {DateTime.UtcNow:yyyy-MM-dd} on {Environment.ProcessorCount} cores, libvips {NetVips.NetVips.Version(0)}.{NetVips.NetVips.Version(1)}.{NetVips.NetVips.Version(2)}: `tests/load/media.sh` — a 4000 × 3000 camera JPEG made by `TestImages.CameraJpeg` ({photoBytes / 1048576.0:F1} MB, EXIF orientation 6, GPS, XMP, IPTC).");
        md.AppendLine(nl, $"Load average of the shared machine at start and end: {loadBefore} and {File.ReadAllText("/proc/loadavg").Split(' ')[0]} (other engineers' builds run beside it; times are upper bounds).");
        md.AppendLine("Each row runs 7 times in a fresh process, so its peak resident memory (VmHWM) is its own; \"idle\" is the same process doing nothing (runtime and libvips loaded).");
        md.AppendLine("libvips allocates natively, outside what BenchmarkDotNet's MemoryDiagnoser sees; `Stats.MemHighwater` is libvips' own peak of tracked pixel buffers.");
        md.AppendLine("CPU time (all threads) depends much less on the neighbours' load than the wall-clock time does.");
        md.AppendLine().AppendLine("| operation | first run | median | median CPU time | peak RSS | above idle | libvips high-water |").AppendLine("|---|---:|---:|---:|---:|---:|---:|");
        foreach (var (operation, label) in new[]
        {
            ("none", "idle (process with runtime and libvips loaded)"),
            ("thumbnail320", "baseline: NetVips thumbnail 320 px, JPEG (shrink-on-load)"),
            ("thumbnail1280", "NetVips thumbnail 1280 px, JPEG"),
            ("variants", "**upload: all variants** (320/640/1280 × WebP + JPEG, full decode with fail-on-error, no metadata)"),
            ("variants+arenas", "the same with `MALLOC_ARENA_MAX=2`"),
            ("bomb", "**refusal of a 50 000 × 50 000 PNG** (header only)"),
        })
        {
            var p = probes[operation];
            md.AppendLine(nl, $"| {label} | {p.FirstMs:F1} ms | {p.MedianMs:F1} ms | {p.MedianCpuMs:F0} ms | {p.PeakRssMb:F0} MB | {(operation == "none" ? "" : $"+{p.PeakRssMb - idle:F0} MB")} | {p.VipsHighwaterMb:F1} MB |");
        }
        md.AppendLine().AppendLine("BenchmarkDotNet (in-process, short run; Allocated is managed memory only):").AppendLine().AppendLine("```");
        var reportFile = Directory.EnumerateFiles(Path.Combine(Directory.GetCurrentDirectory(), "BenchmarkDotNet.Artifacts", "results"), "*MediaBenchmarks-report-github.md").FirstOrDefault();
        if (reportFile is not null)
            md.AppendLine(Regex.Replace(File.ReadAllText(reportFile), @"^```.*$", "", RegexOptions.Multiline).Replace("&#39;", "", StringComparison.Ordinal).Trim());
        md.AppendLine("```");
        Console.WriteLine(md);
        if (docsFile is not null)
        {
            var text = File.ReadAllText(docsFile);
            var section = "<!-- media:start -->\n" + md + "<!-- media:end -->";
            text = text.Contains("<!-- media:start -->", StringComparison.Ordinal)
                ? Regex.Replace(text, "<!-- media:start -->.*?<!-- media:end -->", section.Replace("$", "$$", StringComparison.Ordinal), RegexOptions.Singleline)
                : text.TrimEnd('\n') + "\n\n## Media: variants of a 12-megapixel photo (issue 4)\n\n" + section + "\n";
            File.WriteAllText(docsFile, text);
        }
        return 0;
    }
}
