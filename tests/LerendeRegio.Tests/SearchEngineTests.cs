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

    public void Dispose()
    {
        _writer.Dispose();
        _directory.Dispose();
    }
}
