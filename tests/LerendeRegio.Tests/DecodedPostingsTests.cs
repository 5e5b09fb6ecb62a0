using LerendeRegio.Web.Search;
using Lucene.Net.Documents;
using Lucene.Net.Index;
using Lucene.Net.Search;
using Lucene.Net.Store;

namespace LerendeRegio.Tests;

/// <summary>
/// The words query reads its terms from postings decoded once and kept per segment core (<see cref="DecodedPostings"/>).
/// What is kept must be every posting Lucene has (deleted documents too, left out per search), within a budget, and a
/// search on a reader reopened after deletions (the same cores, other live documents) must still find and score what
/// Lucene's BooleanQuery does.
/// </summary>
public sealed class DecodedPostingsTests
{
    // Common words (in most documents: kept as bitsets too) and rare ones (in a few: only as arrays).
    private static readonly string[] Common = ["school", "ouders", "jongeren", "emmen", "taal"];
    private static readonly string[] Rare = ["peuters", "valthermond", "schulden", "energiecoach", "huurders", "sport", "wijk", "armoede"];

    private static string Text(Random random, int words) =>
        string.Join(' ', Enumerable.Range(0, words).Select(_ => random.Next(8) == 0 ? Rare[random.Next(Rare.Length)] + (random.Next(4) == 0 ? random.Next(50).ToString() : "") : Common[random.Next(Common.Length)]));

    private static void Fill(Random random, Document doc) =>
        SearchDocuments.AddText(doc, Text(random, random.Next(1, 5)), Text(random, random.Next(2, 10)), Text(random, 1), Text(random, random.Next(3, 50)));

    [Fact]
    public void Keeps_every_posting_as_lucene_reads_it()
    {
        var random = new Random(11);
        using var directory = RandomIndex.Build(1500, 400, doc => Fill(random, doc));
        using var reader = DirectoryReader.Open(directory);
        Assert.True(reader.Leaves.Count > 1 && reader.HasDeletions, "several segments, with deletions");
        var store = new DecodedPostings(budget: 1L << 30);
        int dense = 0, sparse = 0;
        foreach (var leaf in reader.Leaves)
        {
            var segment = leaf.AtomicReader;
            foreach (var field in SearchDocuments.TextFields)
            {
                var terms = segment.GetTerms(field)?.GetEnumerator();
                if (terms is null) continue;
                while (terms.MoveNext())
                {
                    var term = new Term(field, Lucene.Net.Util.BytesRef.DeepCopyOf(terms.Term));
                    var postings = store.Of(segment, term, terms.GetTermState(), PostingsEnumerators.For(segment));
                    var lucene = terms.Docs(null, null, DocsFlags.FREQS);
                    var i = 0;
                    int doc;
                    while ((doc = lucene.NextDoc()) != DocIdSetIterator.NO_MORE_DOCS)
                    {
                        Assert.True(i < postings.Count, $"{term}: fewer postings kept than Lucene has");
                        Assert.Equal(doc, postings.Docs[i]);
                        Assert.Equal(lucene.Freq, postings.Freqs[i]);
                        i++;
                    }
                    Assert.Equal(i, postings.Count);
                    if (postings.Bits is { } bits)
                    {
                        dense++;
                        Assert.True(postings.Count >= segment.MaxDoc / 32, $"{term}: a bitset for {postings.Count} of {segment.MaxDoc} documents");
                        var set = Enumerable.Range(0, segment.MaxDoc).Where(d => (bits[d >> 6] & (1UL << d)) != 0);
                        Assert.Equal(postings.Docs.Take(postings.Count), set);
                        // Each document's posting is found by its rank; a document without the term has none.
                        var at = 0;
                        for (var d = 0; d < segment.MaxDoc; d++)
                            Assert.Equal(at < postings.Count && postings.Docs[at] == d ? at++ : -1, postings.IndexOf(d));
                    }
                    else
                    {
                        sparse++;
                        Assert.True(postings.Count < segment.MaxDoc / 32, $"{term}: no bitset for {postings.Count} of {segment.MaxDoc} documents");
                    }
                }
            }
        }
        Assert.True(dense > 20 && sparse > 20, $"{dense} terms with bitsets, {sparse} without");
    }

    [Fact]
    public void Stays_within_its_budget_and_drops_the_terms_used_longest_ago()
    {
        var random = new Random(12);
        using var directory = RandomIndex.Build(600, 600, doc => Fill(random, doc));
        using var reader = DirectoryReader.Open(directory);
        var segment = reader.Leaves[0].AtomicReader;
        var terms = segment.GetTerms(SearchDocuments.Body)!.GetEnumerator();
        var all = new List<(Term Term, TermState State)>();
        while (terms.MoveNext()) all.Add((new Term(SearchDocuments.Body, Lucene.Net.Util.BytesRef.DeepCopyOf(terms.Term)), terms.GetTermState()));
        const long budget = 24_000;
        var store = new DecodedPostings(budget);
        var enumerators = PostingsEnumerators.For(segment);
        DecodedPostings.Postings Of((Term Term, TermState State) t) => store.Of(segment, t.Term, t.State, enumerators);
        // A common word is used again and again, so it stays; the rest pass through.
        var favourite = all.First(t => t.Term.Text == SearchService.QueryTokens("school")[0]);
        var kept = Of(favourite);
        var evicted = false;
        foreach (var term in all)
        {
            var before = store.Kept().Terms;
            var postings = Of(term);
            Assert.True(store.Kept().Bytes <= budget, $"{store.Kept().Bytes} bytes kept after {term.Term}");
            evicted |= store.Kept().Terms < before;
            Assert.Same(kept, Of(favourite));
        }
        Assert.True(evicted, "the budget was never reached");
        Assert.True(store.Kept().Terms > 1);
        // Too large for a quarter of the budget: decoded for the search, never kept.
        var tiny = new DecodedPostings(budget: 1_000);
        var large = tiny.Of(segment, favourite.Term, favourite.State, enumerators);
        Assert.Equal(kept.Docs.Take(kept.Count), large.Docs.Take(large.Count));
        Assert.Equal((0, 0L), tiny.Kept());
        Assert.NotSame(large, tiny.Of(segment, favourite.Term, favourite.State, enumerators));
    }

    [Theory]
    [InlineData(21)]
    [InlineData(22)]
    public void A_reader_reopened_after_deletions_finds_and_scores_as_the_boolean_query(int seed)
    {
        var random = new Random(seed);
        using var directory = new RAMDirectory();
        using var writer = new IndexWriter(directory, new IndexWriterConfig(DutchAnalyzer.Version, SearchIndex.IndexAnalyzer) { Similarity = SearchIndex.Similarity, MaxBufferedDocs = 350 });
        for (var i = 0; i < 1200; i++)
        {
            var doc = new Document { new StringField(SearchDocuments.Id, $"d{i}", Field.Store.YES) };
            Fill(random, doc);
            writer.AddDocument(doc);
        }
        writer.Commit();
        var queries = Enumerable.Range(0, 30).Select(_ =>
        {
            var words = Enumerable.Range(0, random.Next(1, 6)).Select(_ => random.Next(3) == 0 ? Common[random.Next(Common.Length)] : Rare[random.Next(Rare.Length)]).Distinct().ToList();
            return (Words: words, Minimum: random.Next(1, words.Count + 1));
        }).ToList();
        using var before = DirectoryReader.Open(directory);
        Compare(before, queries, deleted: []); // decodes and keeps the postings of every segment
        var deleted = Enumerable.Range(0, 1200).Where(_ => random.Next(5) == 0).Select(i => $"d{i}").ToHashSet();
        foreach (var id in deleted) writer.DeleteDocuments(new Term(SearchDocuments.Id, id));
        writer.Commit();
        using var after = DirectoryReader.OpenIfChanged(before)!;
        Assert.Equal(before.Leaves.Select(l => l.AtomicReader.CoreCacheKey), after.Leaves.Select(l => l.AtomicReader.CoreCacheKey));
        Compare(after, queries, deleted);
    }

    private static void Compare(DirectoryReader reader, List<(List<string> Words, int Minimum)> queries, HashSet<string> deleted)
    {
        var searcher = new IndexSearcher(reader) { Similarity = SearchIndex.Similarity };
        var found = 0;
        foreach (var (words, minimum) in queries)
        {
            var clauses = new List<Query>();
            var boolean = new BooleanQuery(disableCoord: false) { MinimumNumberShouldMatch = minimum };
            foreach (var word in words)
            {
                var clause = new BooleanQuery(disableCoord: true);
                foreach (var field in SearchDocuments.TextFields)
                    clause.Add(new TermQuery(new Term(field, SearchService.QueryTokens(word)[0])) { Boost = SearchDocuments.Boosts[field] }, Occur.SHOULD);
                clauses.Add(clause);
                boolean.Add(clause, Occur.SHOULD);
            }
            var expected = searcher.Search(boolean, 2000);
            var actual = searcher.Search(new WordsQuery(clauses, minimum), 2000);
            Assert.Equal(expected.TotalHits, actual.TotalHits);
            var scores = actual.ScoreDocs.ToDictionary(d => d.Doc, d => d.Score);
            foreach (var d in expected.ScoreDocs)
            {
                Assert.True(scores.TryGetValue(d.Doc, out var score), $"{string.Join(' ', words)} ~{minimum}: document {d.Doc} missing");
                Assert.Equal(d.Score, score, d.Score * 1e-5f);
            }
            foreach (var d in actual.ScoreDocs) Assert.DoesNotContain(searcher.Doc(d.Doc).Get(SearchDocuments.Id), deleted);
            found += actual.TotalHits;
        }
        Assert.True(found > 100, $"only {found} matches in all");
    }
}
