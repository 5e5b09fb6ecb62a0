using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Running;
using BenchmarkDotNet.Toolchains.InProcess.Emit;
using LerendeRegio.Benchmarks;
using LerendeRegio.Web.Search;

// Search at scale: a deterministic corpus of N realistic Dutch items, indexed by our Lucene search, SQLite FTS5 and
// PostgreSQL full-text search; build time and memory, then per-query latency (p50/p99 from a timed loop, and the
// BenchmarkDotNet summary). Usage: dotnet run -c Release --project tests/LerendeRegio.Benchmarks -- [items] [docs-file]
// PostgreSQL comes from LERENDEREGIO_BENCH_POSTGRES (tests/load/search.sh starts one).
if (args is ["newsletter", .. var rest])
{
    // Newsletter digests: see NewsletterBenchmark (tests/load/newsletter.sh).
    return await NewsletterBenchmark.RunAsync(rest);
}
// Media (tests/load/media.sh): `-- media [docs-file]`; `media-probe <operation> <folder>` is its child process.
// `-- probe <index folder> [queries…]`: where the time of each benchmark query (or of the given ones) goes (SearchProbe).
if (args is ["probe", var probeFolder, .. var probeQueries]) return SearchProbe.Run(probeFolder, probeQueries);
// `-- floor <index folder> [body tokens…]`: what reading and scoring one term's postings costs per posting (PostingsFloor).
if (args is ["floor", var floorFolder, .. var floorTokens]) return PostingsFloor.Run(floorFolder, floorTokens);
// `-- loop <index folder> <seconds> <query> [MostWords|EveryWordElseAny]`: the engine's ranking of one query under a
// match rule (the site's by default), over and over (to profile it alone).
if (args is ["loop", var loopFolder, var loopSeconds, var loopQuery, .. var loopRule] && loopRule.Length <= 1)
    return SearchProbe.Loop(loopFolder, double.Parse(loopSeconds, CultureInfo.InvariantCulture), loopQuery, loopRule.Length == 0 ? MatchRule.MostWords : Enum.Parse<MatchRule>(loopRule[0]));
// `-- site-search <index folder>`: the site's ranking with facet counts on an index the benchmark built (SiteSearchTiming).
if (args is ["site-search", var siteFolder])
{
    SiteSearchTiming.Run(siteFolder);
    return 0;
}
if (args is ["rebuild", .. var rebuildArgs]) return SearchProbe.Rebuild(rebuildArgs.Length > 0 ? int.Parse(rebuildArgs[0], CultureInfo.InvariantCulture) : 20_000);
if (args.Length > 0 && args[0] == "media") return MediaBenchmarks.Run(args[1..]);
if (args.Length > 0 && args[0] == "media-probe") return MediaBenchmarks.Probe(args[1], args[2]);
// `-- matrix` runs MatrixBenchmarks instead: the werkzame-elementen matrix page for the seeded content.
if (args is ["matrix", ..])
{
    // The matrix page for the whole seeded content (docs/benchmarks.md, "The werkzame-elementen matrix").
    BenchmarkRunner.Run<MatrixBenchmarks>(DefaultConfig.Instance
        .AddJob(Job.ShortRun.WithToolchain(InProcessEmitToolchain.Instance).WithWarmupCount(3).WithIterationCount(10))
        .WithOptions(ConfigOptions.DisableOptimizationsValidator));
    return 0;
}
var count = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 100_000;
var docsFile = args.Length > 1 ? args[1] : null;
var folder = Directory.CreateDirectory(Path.Combine(Path.GetTempPath(), "lr-search-bench")).FullName;
var postgres = Environment.GetEnvironmentVariable("LERENDEREGIO_BENCH_POSTGRES") ?? throw new InvalidOperationException("Set LERENDEREGIO_BENCH_POSTGRES (tests/load/search.sh does).");
SearchBenchmarks.Folder = folder;
SearchBenchmarks.Postgres = postgres;

var corpus = SyntheticCorpus.KindFromEnvironment();
var items = SyntheticCorpus.Generate(count, corpus).ToList();
var characters = items.Sum(i => (long)i.Title.Length + i.Summary.Length + i.Terms.Length + i.Body.Length);
Console.WriteLine($"Corpus ({corpus}): {items.Count} items, {characters / 1_000_000.0:F1} M characters");

(double Seconds, long ManagedMb, long PeakMb) Measure(Action build)
{
    GC.Collect();
    var before = GC.GetTotalMemory(true);
    var watch = Stopwatch.StartNew();
    build();
    watch.Stop();
    var after = GC.GetTotalMemory(false);
    using var self = Process.GetCurrentProcess();
    return (watch.Elapsed.TotalSeconds, Math.Max(0, after - before) / 1_048_576, self.PeakWorkingSet64 / 1_048_576);
}

// The same build on one thread first: the baseline for the parallel rebuild, measured in the same run.
var luceneOneThread = Environment.GetEnvironmentVariable("LERENDEREGIO_BENCH_QUICK") == "1" ? default : Measure(() => LuceneEngine.Build(Path.Combine(folder, "lucene"), items, threads: 1));
var lucene = Measure(() => LuceneEngine.Build(Path.Combine(folder, "lucene"), items, SearchIndex.IndexingThreads));
var fts5 = Measure(() => Fts5Engine.Build(Path.Combine(folder, "fts5.db"), items));
var pg = Measure(() => PostgresEngine.Build(postgres, items));
Console.WriteLine($"Build: Lucene {lucene.Seconds:F1} s, FTS5 {fts5.Seconds:F1} s, PostgreSQL {pg.Seconds:F1} s");

var engines = new IEngine[] { new LuceneEngine(Path.Combine(folder, "lucene")), new Fts5Engine(Path.Combine(folder, "fts5.db")), new PostgresEngine(postgres) };
// Every engine under both rules: the site's (most words), and the peers' usual one (every word, else any).
var rows = new List<EngineRow>();
foreach (var rule in new[] { MatchRule.MostWords, MatchRule.EveryWordElseAny })
{
    foreach (var query in SearchBenchmarks.Queries)
    {
        foreach (var engine in engines)
        {
            var first = Stopwatch.StartNew();
            var hits = engine.Top10(query, rule).Count;
            first.Stop();
            var matches = engine.Matches(query, rule);
            var (p50, p99, runs, mean) = Latency.Measure(() => engine.Top10(query, rule), budgetMilliseconds: 4_000);
            rows.Add(new(rule, query, engine.Name, matches, hits, first.Elapsed.TotalMicroseconds, p50, p99, 1e6 / mean));
            Console.WriteLine($"{rule,-16} {query,-40} {engine.Name,-28} {matches,7} matches  p50 {p50,10:F0} µs  p99 {p99,10:F0} µs  ({runs} runs)");
        }
    }
}
GC.Collect(); // the cores of readers closed before (BenchmarkDotNet's) are let go: what is kept is this engine's
var (keptTerms, keptBytes) = DecodedPostings.Shared.Kept();
foreach (var e in engines) e.Dispose();
var siteRows = SiteSearchTiming.Run(Path.Combine(folder, "lucene"));

// LERENDEREGIO_BENCH_QUICK=1: the timing loop only, printed, not written to the docs (for a second corpus next to the
// documented run).
if (Environment.GetEnvironmentVariable("LERENDEREGIO_BENCH_QUICK") != "1")
{
    BenchmarkRunner.Run<SearchBenchmarks>(DefaultConfig.Instance
        .AddJob(Job.ShortRun.WithToolchain(InProcessEmitToolchain.Instance).WithWarmupCount(2).WithIterationCount(5))
        .WithOptions(ConfigOptions.DisableOptimizationsValidator));
}
var indexBytes = new DirectoryInfo(Path.Combine(folder, "lucene")).EnumerateFiles().Sum(f => f.Length);

var nl = CultureInfo.InvariantCulture;
var md = new StringBuilder();
md.AppendLine(nl, $"Measured {DateTime.UtcNow:yyyy-MM-dd} on {Environment.ProcessorCount} cores: `tests/load/search.sh {count}` — a deterministic corpus of {count:N0} Dutch items (`SyntheticCorpus`, {corpus} corpus, {characters / (double)count:F0} characters per item), the same for every engine; one query at a time, top 10, under two rules for which items match (below). Our index: {indexBytes / 1_048_576.0:F0} MB on disk, read into memory (`InMemoryReadDirectory`).");
md.AppendLine().AppendLine("| build | time | items/s | memory |").AppendLine("|---|---:|---:|---:|");
md.AppendLine(nl, $"| Lucene (our analysis, BM25), {SearchIndex.IndexingThreads} threads as the site rebuilds | {lucene.Seconds:F1} s | {count / lucene.Seconds:N0} | +{lucene.ManagedMb} MB managed, peak working set {lucene.PeakMb} MB |");
if (luceneOneThread.Seconds > 0)
    md.AppendLine(nl, $"| Lucene, 1 thread (baseline, same run) | {luceneOneThread.Seconds:F1} s | {count / luceneOneThread.Seconds:N0} | +{luceneOneThread.ManagedMb} MB managed |");
md.AppendLine(nl, $"| SQLite FTS5 | {fts5.Seconds:F1} s | {count / fts5.Seconds:N0} | |");
md.AppendLine(nl, $"| PostgreSQL (COPY, tsvector, GIN) | {pg.Seconds:F1} s | {count / pg.Seconds:N0} | |");
md.AppendLine().AppendLine("Every engine under the site's rule, **most of the words** (1 of 2, 2 of 3, 3 of 4; the peers asked for the combinations of that many words: `(a AND b) OR (a AND c) OR (b AND c)`), so each does the same work. Matches: the items each engine finds under the rule (its analysis differs), not timed. Queries/s: one thread, a million over the mean µs.");
EngineTable(MatchRule.MostWords, null);
md.AppendLine().AppendLine("Every engine under the peers' usual rule, **every word, else any** (as in docs/search-quality.md; ours takes most words where no item has all, the same for two words). The site never asks for every word. The last column sets our search on the site's rule (table above) against the faster peer here: the peers doing less work than ours.");
EngineTable(MatchRule.EveryWordElseAny, MatchRule.MostWords);
md.AppendLine().AppendLine(nl, $"First search: the query's first run in this process, under this rule (not in p50/p99). Ours decodes its terms' postings then and keeps them (`DecodedPostings`, at most {DecodedPostings.Shared.Budget / 1_048_576} MiB for all segments); under the second rule they are kept already. After both tables it kept {keptTerms:N0} terms' postings in {keptBytes / 1_048_576.0:F1} MB.");

// One table of the engine rows under a rule; with `against`, a last column: ours under that rule against the peers under this one.
void EngineTable(MatchRule rule, MatchRule? against)
{
    md.AppendLine().AppendLine("| query | engine | matches | hits (top 10) | first search µs | p50 µs | p99 µs | queries/s | ours faster than the faster peer (p50) |" + (against is null ? "" : " ours on the site's rule against the faster peer here |"))
        .AppendLine("|---|---|---:|---:|---:|---:|---:|---:|---:|" + (against is null ? "" : "---:|"));
    foreach (var group in rows.Where(r => r.Rule == rule).GroupBy(r => r.Query))
    {
        var ours = group.First();
        var fastestPeer = group.Skip(1).Min(r => r.P50);
        var site = against is { } other ? rows.First(r => r.Rule == other && r.Query == ours.Query && r.Engine == ours.Engine) : null;
        foreach (var r in group)
        {
            var mine = r == ours;
            var last = site is null ? "" : string.Create(nl, $" {(mine ? $"{fastestPeer / site.P50:F1}×" : "")} |");
            md.AppendLine(nl, $"| {r.Query} | {r.Engine} | {r.Matches} | {r.Hits} | {r.FirstMicros:F0} | {r.P50:F0} | {r.P99:F0} | {r.PerSecond:N0} | {(mine ? $"{fastestPeer / ours.P50:F1}×" : "")} |{last}");
        }
    }
}
md.AppendLine().AppendLine(nl, $"The site's search on the same index: the ranking (top 10) with every facet counted over all matches (type and seven vocabularies, synthetic values: `SyntheticFacets`), as `SearchService.RankAndCount` does for every search; hits, facet names and snippets come after it and do not grow with the index. With chosen facets, each chosen facet's other values are counted in the same pass (`SidewaysCollector`); beside it, in the same run, the way main counted them before 2026-12-04 (one more search per chosen facet), whose totals and counts it must equal.");
md.AppendLine().AppendLine("| query | facets chosen | matches | p50 µs | p99 µs | before: a search per chosen facet, p50 µs | the ranking alone (nothing counted), p50 µs |").AppendLine("|---|---|---:|---:|---:|---:|---:|");
foreach (var r in siteRows) md.AppendLine(nl, $"| {r.Query} | {r.Chosen} | {r.Matches} | {r.P50:F0} | {r.P99:F0} | {r.BeforeP50:F0} | {r.RankingP50:F0} |");
var results = Path.Combine(Directory.GetCurrentDirectory(), "BenchmarkDotNet.Artifacts", "results");
var reportFile = Directory.Exists(results) ? Directory.EnumerateFiles(results, "*-report-github.md").FirstOrDefault() : null;
if (Environment.GetEnvironmentVariable("LERENDEREGIO_BENCH_QUICK") != "1" && reportFile is not null)
{
    md.AppendLine().AppendLine("BenchmarkDotNet (in-process, short run) for the same engines and queries:").AppendLine().AppendLine("```");
    md.AppendLine(Regex.Replace(File.ReadAllText(reportFile), @"^```.*$", "", RegexOptions.Multiline).Trim());
    md.AppendLine("```");
}
Console.WriteLine(md);
// A quick run (another corpus next to the documented one) only prints.
if (docsFile is not null && Environment.GetEnvironmentVariable("LERENDEREGIO_BENCH_QUICK") != "1")
{
    var text = File.ReadAllText(docsFile);
    var section = "<!-- search:start -->\n" + md + "<!-- search:end -->";
    text = text.Contains("<!-- search:start -->", StringComparison.Ordinal)
        ? Regex.Replace(text, "<!-- search:start -->.*?<!-- search:end -->", section.Replace("$", "$$", StringComparison.Ordinal), RegexOptions.Singleline)
        : text + "\n## Search at 100 000 items (issue 3)\n\n" + section + "\n";
    File.WriteAllText(docsFile, text);
}
return 0;

/// <summary>One engine's timing of one query under one rule.</summary>
internal sealed record EngineRow(MatchRule Rule, string Query, string Engine, int Matches, int Hits, double FirstMicros, double P50, double P99, double PerSecond);
