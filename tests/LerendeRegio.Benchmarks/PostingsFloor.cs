using LerendeRegio.Web.Search;
using Lucene.Net.Index;
using Lucene.Net.Search;

namespace LerendeRegio.Benchmarks;

/// <summary>
/// What reading one term's postings costs per posting, step by step, on an index built by the search benchmark
/// (<c>-- floor &lt;index folder&gt; [body tokens…]</c>): the documents alone, with their frequencies, scored through
/// Lucene's BM25 scorer (a virtual call to it and one to the norms per posting), and scored from the segment's norms
/// copied into an array (<see cref="SegmentNorms"/>), as <see cref="WordsQuery"/> does.
/// </summary>
public static class PostingsFloor
{
    public static int Run(string folder, IReadOnlyList<string> tokens)
    {
        using var directory = SearchIndex.OpenDirectory(folder);
        using var reader = DirectoryReader.Open(directory);
        var searcher = SearchIndex.NewSearcher(reader);
        var bm25 = (SearchIndex.Bm25WithCoordination)searcher.Similarity;
        var leaf = reader.Leaves[0];
        foreach (var token in tokens.Count > 0 ? tokens : ["emm", "armoed", "jong"])
        {
            var term = new Term(SearchDocuments.Body, token);
            var terms = leaf.AtomicReader.GetTerms(term.Field)!.GetEnumerator();
            if (!terms.SeekExact(term.Bytes)) continue;
            var state = terms.GetTermState();
            var collection = searcher.CollectionStatistics(term.Field);
            var statistics = searcher.TermStatistics(term, TermContext.Build(searcher.TopReaderContext, term));
            var stats = bm25.ComputeWeight(1f, collection, statistics);
            stats.Normalize(1f, 1f);
            var weight = bm25.TermIdf(collection, statistics) * (bm25.K1 + 1);
            var lengths = bm25.LengthFactors(collection);
            var norms = SegmentNorms.Of(leaf.AtomicReader, term.Field)!;
            Console.WriteLine($"{token} in {term.Field}: {terms.DocFreq} documents in the first segment");
            DocsEnum? docs = null;
            DocsEnum Postings(DocsFlags flags)
            {
                terms.SeekExact(term.Bytes, state);
                return docs = terms.Docs(null, docs, flags);
            }
            var sum = 0f;
            Time("  documents", () => { var d = Postings(DocsFlags.NONE); var n = 0; while (d.NextDoc() != DocIdSetIterator.NO_MORE_DOCS) n++; return n; });
            Time("  with frequencies", () => { var d = Postings(DocsFlags.FREQS); var n = 0; while (d.NextDoc() != DocIdSetIterator.NO_MORE_DOCS) { sum += d.Freq; n++; } return n; });
            Time("  scored by Lucene", () =>
            {
                var d = Postings(DocsFlags.FREQS);
                var sim = bm25.GetSimScorer(stats, leaf);
                int doc, n = 0;
                while ((doc = d.NextDoc()) != DocIdSetIterator.NO_MORE_DOCS) { sum += sim.Score(doc, d.Freq); n++; }
                return n;
            });
            Time("  scored from the norms", () =>
            {
                var d = Postings(DocsFlags.FREQS);
                int doc, n = 0;
                while ((doc = d.NextDoc()) != DocIdSetIterator.NO_MORE_DOCS) { float f = d.Freq; sum += weight * f / (f + lengths[norms[doc]]); n++; }
                return n;
            });
            if (float.IsNaN(sum)) Console.WriteLine("(no score)");
        }
        return 0;
    }

    /// <summary>The p50 of 1 000 runs (<see cref="Latency.Measure"/>), per posting.</summary>
    private static void Time(string label, Func<int> read)
    {
        var postings = read();
        var (p50, _, _, _) = Latency.Measure(() => read(), budgetMilliseconds: int.MaxValue, maxRuns: 1_000);
        Console.WriteLine($"{label,-24} p50 {p50,7:F1} µs  {p50 * 1000 / postings,5:F2} ns per posting");
    }
}
