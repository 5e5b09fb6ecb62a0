using LerendeRegio.Web.Search;
using Lucene.Net.Documents;
using Lucene.Net.Index;
using Lucene.Net.Store;

namespace LerendeRegio.Tests;

/// <summary>
/// The searcher the site uses (<see cref="SearchIndex.NewSearcher"/>) keeps Weights per query and leaves out phrases
/// whose words are never together in one field. Neither may change what a search finds.
/// </summary>
public sealed class SearchEngineTests : IDisposable
{
    private static readonly IReadOnlyDictionary<string, string[]> NoSynonyms = new Dictionary<string, string[]>();
    private readonly RAMDirectory _directory = new();
    private readonly IndexWriter _writer;

    public SearchEngineTests()
    {
        _writer = new IndexWriter(_directory, new IndexWriterConfig(DutchAnalyzer.Version, SearchIndex.IndexAnalyzer) { Similarity = SearchIndex.Similarity });
        Add("adjacent", "Primair onderwijs in Emmen");
        Add("apart", "Onderwijs is primair een zaak van scholen in Emmen");
        Add("primair", "Primair en secundair");
        Add("schulden", "Schulden voorkomen");
        _writer.Commit();
    }

    private void Add(string id, string body)
    {
        var doc = new Document { new StringField(SearchDocuments.Id, id, Field.Store.YES), new NumericDocValuesField(SearchDocuments.Published, 0) };
        SearchDocuments.AddText(doc, id, null, "", body);
        _writer.AddDocument(doc);
    }

    private static List<string> Find(Lucene.Net.Search.IndexSearcher searcher, string text)
    {
        var query = SearchService.BuildTextQuery(ParsedQuery.Parse(text), NoSynonyms, fuzzy: false, relaxed: true)!;
        return [.. SearchService.Ranked(searcher, query, 10).ScoreDocs.Select(d => StoredHit.Get(searcher, d.Doc).Id).Order(StringComparer.Ordinal)];
    }

    [Fact]
    public void Phrases_match_only_where_their_words_stand_together()
    {
        using var reader = DirectoryReader.Open(_directory);
        var searcher = SearchIndex.NewSearcher(reader);
        Assert.Equal(["adjacent"], Find(searcher, "\"primair onderwijs\""));
        Assert.Empty(Find(searcher, "\"emmen primair\"")); // both words in two items, never next to each other
        Assert.Empty(Find(searcher, "\"emmen schulden\"")); // never in one item: left out before scoring
        Assert.Equal(["adjacent", "apart", "primair"], Find(searcher, "primair"));
    }

    [Fact]
    public void A_kept_weight_serves_only_its_own_query_and_reader()
    {
        using (var reader = DirectoryReader.Open(_directory))
        {
            var searcher = SearchIndex.NewSearcher(reader);
            Assert.Equal(["schulden"], Find(searcher, "schulden"));
            Assert.Equal(["adjacent", "apart"], Find(searcher, "onderwijs"));
            Assert.Equal(["schulden"], Find(searcher, "schulden")); // again, from the kept weight
        }
        Add("nieuw", "Nog meer schulden");
        _writer.Commit();
        using (var reader = DirectoryReader.Open(_directory))
        {
            Assert.Equal(["nieuw", "schulden"], Find(SearchIndex.NewSearcher(reader), "schulden"));
        }
    }

    [Theory]
    [InlineData("primair")]
    [InlineData("onderwijs")]
    [InlineData("schulden")]
    public void A_single_word_is_read_term_at_a_time_and_finds_and_scores_as_lucenes_merging_of_its_fields(string word)
    {
        using var reader = DirectoryReader.Open(_directory);
        var searcher = SearchIndex.NewSearcher(reader);
        var built = (Lucene.Net.Search.BooleanQuery)SearchService.BuildTextQuery(ParsedQuery.Parse(word), NoSynonyms, fuzzy: false, relaxed: true)!;
        var words = Assert.IsType<WordsQuery>(Assert.Single(built.Clauses).Query);
        var boolean = new Lucene.Net.Search.BooleanQuery(disableCoord: true) { { words.ToBooleanQuery(), Lucene.Net.Search.Occur.MUST } };
        var expected = SearchService.Ranked(searcher, boolean, 10).ScoreDocs;
        var actual = SearchService.Ranked(searcher, built, 10).ScoreDocs;
        Assert.NotEmpty(expected);
        Assert.Equal(expected.Select(d => d.Doc), actual.Select(d => d.Doc));
        foreach (var (e, a) in expected.Zip(actual)) Assert.Equal(e.Score, a.Score, e.Score * 1e-5f);
    }

    public void Dispose()
    {
        _writer.Dispose();
        _directory.Dispose();
    }
}

/// <summary>
/// WordsQuery scores a term at a time what a BooleanQuery of SHOULD clauses with coordination and minimum-should-match
/// scored a document at a time, with its bonus (the words as a phrase in title or body) what SHOULD clauses beside it
/// added. On a random index, for random queries, both must find the same documents with the same scores (up to float
/// rounding: sums are taken in another order).
/// </summary>
public sealed class WordsQueryTests
{
    private static readonly string[] Vocabulary = ["school", "ouders", "jongeren", "emmen", "schulden", "taal", "sport", "coach", "wijk", "zorg", "armoede", "peuters"];

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public void Finds_and_scores_as_the_boolean_query_did(int seed)
    {
        var random = new Random(seed);
        string Text(int words) => string.Join(' ', Enumerable.Range(0, words).Select(_ => Vocabulary[random.Next(Vocabulary.Length)] + (random.Next(3) == 0 ? "x" : "")));
        using var directory = RandomIndex.Build(1000, 300, doc => SearchDocuments.AddText(doc, Text(3), Text(8), Text(2), Text(random.Next(5, 60))));
        using var reader = DirectoryReader.Open(directory);
        Assert.True(reader.Leaves.Count > 1, "several segments");
        var searcher = new Lucene.Net.Search.IndexSearcher(reader) { Similarity = SearchIndex.Similarity };
        for (var q = 0; q < 40; q++)
        {
            var words = Enumerable.Range(0, random.Next(1, 6)).Select(_ => Vocabulary[random.Next(Vocabulary.Length)]).Distinct().ToList();
            // A word: its term in every field, sometimes with a synonym of two words (an exact phrase) in title and body.
            // The expected query has Lucene's own PhraseQuery where the words query has an ExactPhraseQuery.
            var clauses = new List<Lucene.Net.Search.Query>();
            var boolean = new Lucene.Net.Search.BooleanQuery(disableCoord: false);
            foreach (var w in words)
            {
                var clause = new Lucene.Net.Search.BooleanQuery(disableCoord: true);
                var expectedClause = new Lucene.Net.Search.BooleanQuery(disableCoord: true);
                foreach (var field in SearchDocuments.TextFields)
                {
                    clause.Add(new Lucene.Net.Search.TermQuery(new Term(field, SearchService.QueryTokens(w)[0])) { Boost = SearchDocuments.Boosts[field] }, Lucene.Net.Search.Occur.SHOULD);
                    expectedClause.Add(new Lucene.Net.Search.TermQuery(new Term(field, SearchService.QueryTokens(w)[0])) { Boost = SearchDocuments.Boosts[field] }, Lucene.Net.Search.Occur.SHOULD);
                }
                if (random.Next(2) == 0)
                {
                    var synonym = new[] { Vocabulary[random.Next(Vocabulary.Length)], Vocabulary[random.Next(Vocabulary.Length)] }.Select(x => SearchService.QueryTokens(x)[0]).ToList();
                    foreach (var field in new[] { SearchDocuments.Title, SearchDocuments.Body })
                    {
                        var phrase = new ExactPhraseQuery(field, synonym) { Boost = SearchDocuments.Boosts[field] * 0.4f };
                        clause.Add(phrase, Lucene.Net.Search.Occur.SHOULD);
                        expectedClause.Add(phrase.ToPhraseQuery(), Lucene.Net.Search.Occur.SHOULD);
                    }
                }
                clauses.Add(clause);
                boolean.Add(expectedClause, Lucene.Net.Search.Occur.SHOULD);
            }
            var minimum = random.Next(1, clauses.Count + 1);
            boolean.MinimumNumberShouldMatch = minimum;
            Lucene.Net.Search.Query expectedQuery = boolean;
            Lucene.Net.Search.BooleanQuery? bonus = null;
            if (words.Count > 1 && random.Next(2) == 0)
            {
                bonus = new Lucene.Net.Search.BooleanQuery(disableCoord: true);
                foreach (var field in new[] { SearchDocuments.Title, SearchDocuments.Body })
                {
                    var phrase = new Lucene.Net.Search.PhraseQuery { Slop = random.Next(3), Boost = 3f };
                    foreach (var w in words) phrase.Add(new Term(field, SearchService.QueryTokens(w)[0]));
                    bonus.Add(phrase, Lucene.Net.Search.Occur.SHOULD);
                }
                var withBonus = new Lucene.Net.Search.BooleanQuery(disableCoord: true) { { boolean, Lucene.Net.Search.Occur.MUST } };
                foreach (var clause in bonus.Clauses) withBonus.Add(clause.Query, Lucene.Net.Search.Occur.SHOULD);
                expectedQuery = withBonus;
            }
            var expected = searcher.Search(expectedQuery, 1000);
            var actual = searcher.Search(new WordsQuery(clauses, minimum, bonus), 1000);
            Assert.Equal(expected.TotalHits, actual.TotalHits);
            var scores = actual.ScoreDocs.ToDictionary(d => d.Doc, d => d.Score);
            foreach (var d in expected.ScoreDocs)
            {
                Assert.True(scores.TryGetValue(d.Doc, out var score), $"{string.Join(' ', words)} ~{minimum}: document {d.Doc} missing");
                Assert.Equal(d.Score, score, d.Score * 1e-5f);
            }
        }
    }

    /// <summary>
    /// The words query computes BM25 itself from the segment's norms (SegmentNorms) and the factors BM25Similarity would
    /// use; a single term must score exactly, to the last bit, what Lucene's TermQuery scores, in every field.
    /// </summary>
    [Fact]
    public void A_term_scores_to_the_bit_what_lucenes_term_query_scores()
    {
        var random = new Random(7);
        string Text(int words) => string.Join(' ', Enumerable.Range(0, words).Select(_ => Vocabulary[random.Next(Vocabulary.Length)]));
        using var directory = RandomIndex.Build(1000, 300, doc => SearchDocuments.AddText(doc, Text(random.Next(1, 6)), Text(random.Next(3, 12)), Text(2), Text(random.Next(5, 80))));
        using var reader = DirectoryReader.Open(directory);
        var searcher = new Lucene.Net.Search.IndexSearcher(reader) { Similarity = SearchIndex.Similarity };
        var compared = 0;
        foreach (var field in SearchDocuments.TextFields)
        {
            foreach (var word in Vocabulary)
            {
                var term = new Lucene.Net.Search.TermQuery(new Term(field, SearchService.QueryTokens(word)[0])) { Boost = SearchDocuments.Boosts[field] };
                var expected = searcher.Search(term, 1000);
                var actual = searcher.Search(new WordsQuery([term], 1), 1000).ScoreDocs.ToDictionary(d => d.Doc, d => d.Score);
                Assert.Equal(expected.TotalHits, actual.Count);
                foreach (var d in expected.ScoreDocs)
                {
                    Assert.Equal(d.Score, actual[d.Doc]);
                    compared++;
                }
            }
        }
        Assert.True(compared > 1000, $"only {compared} scores compared");
    }
}

/// <summary>
/// ExactPhraseQuery must find and score what Lucene's PhraseQuery without slop does: on a random index of several
/// segments with deletions, for random phrases (repeated words too), the same documents with the same scores.
/// </summary>
public sealed class ExactPhraseQueryTests
{
    // Compounds and plurals: the index analysis stacks a compound's parts, and sometimes a word's stem twice, on one position.
    private static readonly string[] Vocabulary = ["kinderen", "kansen", "kind", "kinderopvang", "kansengelijkheid", "school", "basisscholen"];

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    public void Finds_and_scores_as_lucenes_phrase_query(int seed)
    {
        var random = new Random(seed);
        using var directory = RandomIndex.Build(800, 200, doc =>
            doc.Add(new TextField("body", string.Join(' ', Enumerable.Range(0, random.Next(1, 40)).Select(_ => Vocabulary[random.Next(Vocabulary.Length)])), Field.Store.NO)));
        using var reader = DirectoryReader.Open(directory);
        Assert.True(reader.Leaves.Count > 1, "several segments");
        var searcher = new Lucene.Net.Search.IndexSearcher(reader) { Similarity = SearchIndex.Similarity };
        var compared = 0;
        for (var q = 0; q < 60; q++)
        {
            var phrase = new ExactPhraseQuery("body", Enumerable.Range(0, random.Next(1, 4)).Select(_ => SearchService.QueryTokens(Vocabulary[random.Next(Vocabulary.Length)])[0])) { Boost = 1 + random.Next(4) };
            var expected = searcher.Search(phrase.ToPhraseQuery(), 1000);
            var actual = searcher.Search(phrase, 1000);
            Assert.Equal(expected.TotalHits, actual.TotalHits);
            var scores = actual.ScoreDocs.ToDictionary(d => d.Doc, d => d.Score);
            foreach (var d in expected.ScoreDocs)
            {
                Assert.True(scores.TryGetValue(d.Doc, out var score), $"{phrase}: document {d.Doc} missing");
                Assert.Equal(d.Score, score);
            }
            compared += expected.TotalHits;
        }
        Assert.True(compared > 100, "the phrases occur");
    }
}

/// <summary>
/// An index of several segments with some documents deleted, written with the site's analysis and BM25: where the tests
/// above compare two ways of finding and scoring. <paramref name="fill"/> adds a document's fields to its id.
/// </summary>
internal static class RandomIndex
{
    public static RAMDirectory Build(int documents, int segmentSize, Action<Document> fill)
    {
        var directory = new RAMDirectory();
        using var writer = new IndexWriter(directory, new IndexWriterConfig(DutchAnalyzer.Version, SearchIndex.IndexAnalyzer) { Similarity = SearchIndex.Similarity, MaxBufferedDocs = segmentSize });
        for (var i = 0; i < documents; i++)
        {
            var doc = new Document { new StringField(SearchDocuments.Id, $"d{i}", Field.Store.YES) };
            fill(doc);
            writer.AddDocument(doc);
            if (i % 97 == 0) writer.DeleteDocuments(new Term(SearchDocuments.Id, $"d{i / 2}"));
        }
        return directory;
    }
}

/// <summary>
/// Facet counts (<see cref="FacetCounter"/>, which copies each segment's values into flat arrays once) must be what the
/// matching documents have: on a random index of several segments with deletions, with multi-valued fields, a field
/// that later segments do not have and counters of different field sets over the same segments, every count is checked
/// against the values the test gave each document.
/// </summary>
public sealed class FacetCounterTests
{
    private static readonly string[] Vocabulary = ["school", "ouders", "jongeren", "emmen", "schulden", "taal"];
    private static readonly string[] Facets = ["a", "b", "e"];

    [Fact]
    public void Counts_the_values_of_the_matching_documents()
    {
        var random = new Random(7);
        var given = new Dictionary<string, List<(string Facet, string Value)>>();
        var next = 0;
        using var directory = RandomIndex.Build(600, 130, doc =>
        {
            var id = $"d{next++}";
            SearchDocuments.AddText(doc, Vocabulary[random.Next(Vocabulary.Length)], "", "", string.Join(' ', Enumerable.Range(0, 4).Select(_ => Vocabulary[random.Next(Vocabulary.Length)])));
            var values = given[id] = [];
            foreach (var facet in Facets.Where(f => f != "e" || next <= 200)) // "e" only in the first segments
            {
                foreach (var value in Enumerable.Range(0, random.Next(0, 4)).Select(_ => $"{facet}{random.Next(5)}").Distinct())
                {
                    doc.Add(new StringField(SearchDocuments.TermField(facet), value, Field.Store.NO));
                    doc.Add(new SortedSetDocValuesField(SearchDocuments.TermField(facet), new Lucene.Net.Util.BytesRef(value)));
                    values.Add((facet, value));
                }
            }
        });
        using var reader = DirectoryReader.Open(directory);
        Assert.True(reader.Leaves.Count > 2, "several segments");
        Assert.True(reader.NumDeletedDocs > 0, "deletions");
        var searcher = new Lucene.Net.Search.IndexSearcher(reader) { Similarity = SearchIndex.Similarity };
        var counted = 0;
        foreach (var word in Vocabulary.Append("*"))
        {
            Lucene.Net.Search.Query query = word == "*" ? new Lucene.Net.Search.MatchAllDocsQuery() : SearchService.BuildTextQuery(ParsedQuery.Parse(word), new Dictionary<string, string[]>(), fuzzy: false, relaxed: true)!;
            var all = new FacetCounter(Facets.Select(SearchDocuments.TermField).ToArray());
            var onlyB = new FacetCounter([SearchDocuments.TermField("b")]);
            searcher.Search(query, Lucene.Net.Search.MultiCollector.Wrap(all, onlyB));
            var matches = searcher.Search(query, 1000).ScoreDocs.Select(d => searcher.Doc(d.Doc).Get(SearchDocuments.Id)).ToList();
            foreach (var facet in Facets)
            {
                foreach (var value in Enumerable.Range(0, 6).Select(i => $"{facet}{i}"))
                {
                    var expected = matches.Count(id => given[id].Contains((facet, value)));
                    Assert.True(expected == all.Count(SearchDocuments.TermField(facet), value), $"{word}: {value} counted {all.Count(SearchDocuments.TermField(facet), value)}, expected {expected}");
                    Assert.Equal(facet == "b" ? expected : 0, onlyB.Count(SearchDocuments.TermField(facet), value));
                    counted += expected;
                }
            }
        }
        Assert.True(counted > 1000, "the checks counted something");
    }
}

/// <summary>
/// Facets counted sideways in the ranking's pass (<see cref="SidewaysCollector"/>) must give what a search per chosen
/// facet gave: on a random index of several segments with deletions, for random texts and choices (several values of
/// one facet, several facets, a filter that is no facet), the same hits with the same scores, the same total and the
/// same counts for every value of every facet.
/// </summary>
public sealed class SidewaysCollectorTests
{
    private static readonly string[] Vocabulary = ["school", "ouders", "jongeren", "emmen", "schulden", "taal", "sport", "coach"];
    private static readonly string[] Facets = ["a", "b", "c"];
    private const string NotAFacet = "d";

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    public void Counts_what_a_search_per_chosen_facet_counted(int seed)
    {
        var random = new Random(seed);
        string Text(int words) => string.Join(' ', Enumerable.Range(0, words).Select(_ => Vocabulary[random.Next(Vocabulary.Length)]));
        using var directory = RandomIndex.Build(700, 160, doc =>
        {
            SearchDocuments.AddText(doc, Text(2), Text(5), "", Text(random.Next(3, 30)));
            foreach (var facet in Facets.Append(NotAFacet))
            {
                foreach (var value in Enumerable.Range(0, random.Next(0, 3)).Select(_ => $"{facet}{random.Next(4)}").Distinct())
                {
                    doc.Add(new StringField(SearchDocuments.TermField(facet), value, Field.Store.NO));
                    doc.Add(new SortedSetDocValuesField(SearchDocuments.TermField(facet), new Lucene.Net.Util.BytesRef(value)));
                }
            }
        });
        using var reader = DirectoryReader.Open(directory);
        Assert.True(reader.Leaves.Count > 1, "several segments");
        var searcher = new Lucene.Net.Search.IndexSearcher(reader) { Similarity = SearchIndex.Similarity };
        var fields = Facets.Select(SearchDocuments.TermField).ToArray();
        var sidewaysCounted = 0;
        for (var trial = 0; trial < 40; trial++)
        {
            var text = random.Next(5) == 0 ? null : SearchService.BuildTextQuery(ParsedQuery.Parse(Text(random.Next(1, 4))), new Dictionary<string, string[]>(), fuzzy: false, relaxed: true);
            var chosen = Facets.Append(NotAFacet).Where(_ => random.Next(2) == 0)
                .Select(f => (Facet: f, Values: Enumerable.Range(0, random.Next(1, 3)).Select(_ => $"{f}{random.Next(4)}").Distinct().ToArray())).ToList();
            if (!chosen.Any(c => c.Facet != NotAFacet)) chosen.Add(("a", ["a1"]));
            Lucene.Net.Search.Query Filtered(string? except)
            {
                var all = new Lucene.Net.Search.BooleanQuery { { text ?? new Lucene.Net.Search.MatchAllDocsQuery(), Lucene.Net.Search.Occur.MUST } };
                foreach (var (facet, values) in chosen.Where(c => c.Facet != except)) all.Add(SearchService.Filter(SearchDocuments.TermField(facet), values), Lucene.Net.Search.Occur.MUST);
                return all;
            }

            // Expected: the filtered search with all facets counted, then one search per chosen facet without its own choice.
            var expectedTop = Lucene.Net.Search.TopScoreDocCollector.Create(1000, docsScoredInOrder: true);
            var expectedCounts = new FacetCounter(fields);
            searcher.Search(Filtered(null), Lucene.Net.Search.MultiCollector.Wrap(expectedTop, expectedCounts));
            var expectedSideways = chosen.Where(c => c.Facet != NotAFacet).ToDictionary(c => c.Facet, c =>
            {
                var counter = new FacetCounter([SearchDocuments.TermField(c.Facet)]);
                searcher.Search(Filtered(c.Facet), counter);
                return counter;
            });

            var actualTop = Lucene.Net.Search.TopScoreDocCollector.Create(1000, docsScoredInOrder: true);
            var actualCounts = new FacetCounter(fields);
            var sideways = chosen.Select(c => c.Facet == NotAFacet ? null : new FacetCounter([SearchDocuments.TermField(c.Facet)])).ToArray();
            var filters = chosen.Select((c, i) => new SidewaysFilter(SearchDocuments.TermField(c.Facet), c.Values, sideways[i])).ToArray();
            searcher.Search(text ?? new Lucene.Net.Search.MatchAllDocsQuery(), new SidewaysCollector(actualTop, actualCounts, searcher, filters));

            var description = $"{text?.ToString() ?? "*"} with {string.Join(", ", chosen.Select(c => c.Facet + "=" + string.Join('|', c.Values)))}";
            var expected = expectedTop.GetTopDocs();
            var actual = actualTop.GetTopDocs();
            Assert.Equal(expected.TotalHits, actual.TotalHits);
            Assert.Equal(expected.ScoreDocs.Select(d => (d.Doc, d.Score)), actual.ScoreDocs.Select(d => (d.Doc, d.Score)));
            for (var i = 0; i < chosen.Count; i++)
            {
                foreach (var facet in Facets)
                {
                    foreach (var value in Enumerable.Range(0, 4).Select(v => $"{facet}{v}"))
                    {
                        var field = SearchDocuments.TermField(facet);
                        Assert.True(expectedCounts.Count(field, value) == actualCounts.Count(field, value), $"{description}: {value}");
                        if (sideways[i] is null || chosen[i].Facet != facet) continue;
                        Assert.True(expectedSideways[facet].Count(field, value) == sideways[i]!.Count(field, value), $"{description}: {value} sideways");
                        sidewaysCounted += sideways[i]!.Count(field, value);
                    }
                }
            }
        }
        Assert.True(sidewaysCounted > 500, "the chosen facets have other values to count");
    }
}
