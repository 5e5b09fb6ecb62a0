using System.Diagnostics;

namespace LerendeRegio.Benchmarks;

/// <summary>The latency of a call, timed in a loop after a warm-up (the p50/p99 tables and the probe).</summary>
public static class Latency
{
    /// <summary>
    /// Runs <paramref name="call"/> at least 20 times and for at least a second. A fixed number of warm-up runs was not
    /// enough: a path first taken in the process was then timed partly in the JIT's first tier. kansencoach, the engine
    /// table's first query, measured 296 µs p50 in the timing loop (20 warm-up runs) against 139 µs in BenchmarkDotNet on
    /// the same 100 000-item index, and the probe (50 warm-up runs) timed jongeren Emmen at 730–750 µs against 277–292 µs
    /// once warm (70 000 items; 316 µs with DOTNET_TieredCompilation=0).
    /// </summary>
    public static void WarmUp(Action call)
    {
        var warm = Stopwatch.StartNew();
        for (var i = 0; i < 20 || warm.ElapsedMilliseconds < 1_000; i++) call();
    }

    /// <summary>
    /// The p50, p99 and mean in µs of <paramref name="call"/> after <see cref="WarmUp"/>: up to <paramref name="maxRuns"/>
    /// timed runs, at least 30, and no more once <paramref name="budgetMilliseconds"/> have passed. One thread's calls
    /// per second are a million over the mean.
    /// </summary>
    public static (double P50, double P99, int Runs, double Mean) Measure(Action call, int budgetMilliseconds, int maxRuns = 2_000)
    {
        WarmUp(call);
        var times = new List<double>();
        var budget = Stopwatch.StartNew();
        while (times.Count < maxRuns && (times.Count < 30 || budget.ElapsedMilliseconds < budgetMilliseconds))
        {
            var t = Stopwatch.GetTimestamp();
            call();
            times.Add(Stopwatch.GetElapsedTime(t).TotalMicroseconds);
        }
        times.Sort();
        return (times[times.Count / 2], times[Math.Min(times.Count - 1, (int)(times.Count * 0.99))], times.Count, times.Average());
    }
}
