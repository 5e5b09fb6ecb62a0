using System.Diagnostics;
using LerendeRegio.Web.Search;
using Lucene.Net.Index;
using Lucene.Net.Search;

namespace LerendeRegio.Benchmarks;

/// <summary>Where a query's time goes, phase by phase, on an index built by the search benchmark.</summary>
public static class SearchProbe
{
    private static readonly IReadOnlyDictionary<string, string[]> NoSynonyms = new Dictionary<string, string[]>();

    public static int Run(string folder, IReadOnlyList<string> queries)
    {
        using var directory = SearchIndex.OpenDirectory(folder);
        using var reader = DirectoryReader.Open(directory);
        var searcher = SearchIndex.NewSearcher(reader);
        // Without kept weights and term lookups: what a query costs the first time.
        var plain = new IndexSearcher(reader) { Similarity = SearchIndex.Similarity };
        Console.WriteLine($"{reader.NumDocs} docs, {reader.Leaves.Count} segments");
        foreach (var query in queries.Count > 0 ? queries : SearchBenchmarks.Queries)
        {
            var parsed = ParsedQuery.Parse(query);
            var relaxed = SearchService.BuildTextQuery(parsed, NoSynonyms, fuzzy: false, relaxed: true)!;
            var strict = SearchService.BuildTextQuery(parsed, NoSynonyms, fuzzy: false, relaxed: false)!;
            var total = SearchService.Ranked(searcher, relaxed, 10).TotalHits;
            var all = SearchService.Ranked(searcher, strict, 10).TotalHits;
            Console.WriteLine($"{query}: {total} matches, {all} with every word");
            foreach (var word in parsed.Words)
                foreach (var token in SearchService.QueryTokens(word))
                    Console.WriteLine($"    {token}: " + string.Join(", ", SearchDocuments.TextFields.Select(f => $"{f} {reader.DocFreq(new Term(f, token))}")));
            Time("  build query", () => SearchService.BuildTextQuery(parsed, NoSynonyms, fuzzy: false, relaxed: true));
            if (((BooleanQuery)relaxed).Clauses[0].Query is WordsQuery words)
            {
                // The words both ways: Lucene's merging (document at a time), and the words query (term at a time).
                var asBoolean = new BooleanQuery(true) { { words.ToBooleanQuery(), Occur.MUST } };
                var asWords = new BooleanQuery(true) { { words, Occur.MUST } };
                Time("  words, boolean", () => SearchService.Ranked(searcher, asBoolean, 10));
                Time("  words, words query", () => SearchService.Ranked(searcher, asWords, 10));
            }
            Time("  ranked (relaxed)", () => SearchService.Ranked(searcher, relaxed, 10));
            Time("  ranked (every word)", () => SearchService.Ranked(searcher, strict, 10));
            if (((BooleanQuery)relaxed).Clauses[0].Query is WordsQuery { Bonus: { } bonus } withBonus)
            {
                // The proximity bonus (the words together as a phrase) inside the words query, and without it.
                var without = new BooleanQuery(true) { { new WordsQuery(withBonus.Words, withBonus.MinimumMatch), Occur.MUST } };
                Time("  relaxed, no bonus", () => SearchService.Ranked(searcher, without, 10));
                Time("  bonus alone", () => SearchService.Ranked(searcher, bonus, 10));
                Console.WriteLine($"  bonus matches: {SearchService.Ranked(searcher, bonus, 10).TotalHits}");
            }
            if (((BooleanQuery)strict).Clauses[0].Query is WordsQuery { Bonus: not null } strictWords)
            {
                // Every word required, without the proximity bonus: what finding and scoring the words costs alone.
                var everyWithout = new BooleanQuery(true) { { new WordsQuery(strictWords.Words, strictWords.MinimumMatch), Occur.MUST } };
                Time("  every word, no bonus", () => SearchService.Ranked(searcher, everyWithout, 10));
            }
            var noPhrase = new BooleanQuery(true);
            foreach (var c in ((BooleanQuery)strict).Clauses.Where(c => c.Occur == Occur.MUST)) noPhrase.Add(c);
            var relaxedNoPhrase = new BooleanQuery(true);
            foreach (var c in ((BooleanQuery)relaxed).Clauses.Where(c => c.Occur == Occur.MUST)) relaxedNoPhrase.Add(c);
            var phrasesOnly = new BooleanQuery(true);
            foreach (var c in ((BooleanQuery)relaxed).Clauses.Where(c => c.Occur == Occur.SHOULD)) phrasesOnly.Add(c);
            if (phrasesOnly.Clauses.Count > 0)
            {
                Time("  relaxed, no phrases", () => SearchService.Ranked(searcher, relaxedNoPhrase, 10));
                Time("  phrases alone", () => SearchService.Ranked(searcher, phrasesOnly, 10));
                Console.WriteLine($"  phrase matches: {SearchService.Ranked(searcher, phrasesOnly, 10).TotalHits}");
            }
            Time("  every word, no phrases", () => SearchService.Ranked(searcher, noPhrase, 10));
            Time("  first-time weight", () => plain.CreateNormalizedWeight(strict));
            Time("  first-time weight+scorers", () => { var w = plain.CreateNormalizedWeight(strict); foreach (var l in reader.Leaves) w.GetScorer(l, null); });
            Time("  count only (relaxed)", () => { var c = new TotalHitCountCollector(); plain.Search(relaxed, c); });
        }
        return 0;
    }

    /// <summary>The engine's ranking of <paramref name="query"/> in a loop for <paramref name="seconds"/>, for a profiler (perf record) to see it alone.</summary>
    public static int Loop(string folder, double seconds, string query, MatchRule rule)
    {
        using var engine = new LuceneEngine(folder);
        var runs = 0;
        var watch = Stopwatch.StartNew();
        while (watch.Elapsed.TotalSeconds < seconds)
        {
            engine.Top10(query, rule);
            runs++;
        }
        Console.WriteLine($"{query} ({rule}): {runs} runs, {watch.Elapsed.TotalMicroseconds / runs:F0} µs each on average");
        return 0;
    }

    /// <summary>Index build speed alone, on one thread and on all (<c>-- rebuild [items]</c>).</summary>
    public static int Rebuild(int count)
    {
        var items = SyntheticCorpus.Generate(count, SyntheticCorpus.KindFromEnvironment()).ToList();
        var folder = Path.Combine(Path.GetTempPath(), "lr-rebuild-probe");
        foreach (var threads in new[] { 1, SearchIndex.IndexingThreads })
        {
            if (System.IO.Directory.Exists(folder)) System.IO.Directory.Delete(folder, recursive: true);
            var watch = Stopwatch.StartNew();
            LuceneEngine.Build(folder, items, threads);
            Console.WriteLine($"{threads} thread(s): {count / watch.Elapsed.TotalSeconds:F0} items/s ({watch.Elapsed.TotalSeconds:F1} s)");
        }
        return 0;
    }

    /// <summary>The p50 of 400 runs after <see cref="Latency.WarmUp"/>, and what a run allocates.</summary>
    private static void Time(string label, Action action)
    {
        Latency.WarmUp(action);
        var times = new List<double>();
        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 0; i < 400; i++)
        {
            var t = Stopwatch.GetTimestamp();
            action();
            times.Add(Stopwatch.GetElapsedTime(t).TotalMicroseconds);
        }
        var allocated = (GC.GetAllocatedBytesForCurrentThread() - before) / 400 / 1024.0;
        times.Sort();
        Console.WriteLine($"{label,-26} p50 {times[200],8:F0} µs  {allocated,8:F1} KB");
    }
}
