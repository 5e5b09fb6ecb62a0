using LerendeRegio.Web.Content;
using LerendeRegio.Web.Vocabularies;
using Lucene.Net.Index;
using Lucene.Net.Search;
using Lucene.Net.Store;

namespace LerendeRegio.Web.Search;

/// <summary>
/// Which of a handful of items a search finds, without this node's index: the items are indexed into memory with the
/// site index's documents and analysis (<see cref="SearchDocuments.Create"/>, <see cref="SearchIndex.IndexAnalyzer"/>),
/// and a search runs with <see cref="SearchService"/>'s own query construction (words, synonyms, phrases, excluded
/// words, most-of-the-words for long questions) and the same filters. So an item matches here exactly when /zoeken would
/// list it. Typo tolerance is not applied: on the site it is a fallback for when nothing at all matches exactly.
/// Used by the monthly digest for saved searches, also on nodes and in the command line that keep no index. Meant
/// for a month of publications (tens of items); everything lives in managed memory and goes with the object.
/// </summary>
public sealed class SearchMatcher : IDisposable
{
    private readonly RAMDirectory _directory;
    private readonly DirectoryReader _reader;
    private readonly IndexSearcher _searcher;
    private readonly IReadOnlyDictionary<string, string[]> _synonyms;

    private SearchMatcher(RAMDirectory directory, IReadOnlyDictionary<string, string[]> synonyms)
    {
        _directory = directory;
        _reader = DirectoryReader.Open(directory);
        _searcher = SearchIndex.NewSearcher(_reader);
        _synonyms = synonyms;
    }

    /// <param name="items">Published items with their type definitions.</param>
    /// <param name="vocabularies">All vocabularies (term names and synonyms go into the documents and the queries).</param>
    /// <param name="curatedSynonyms">The site settings' search synonyms.</param>
    public static SearchMatcher Create(IEnumerable<(ContentItem Item, ContentTypeDefinition Type)> items, IReadOnlyList<Vocabulary> vocabularies,
        IReadOnlyList<IReadOnlyList<string>> curatedSynonyms)
    {
        var directory = new RAMDirectory();
        try
        {
            using (var writer = new IndexWriter(directory, SearchIndex.NewWriterConfig(OpenMode.CREATE)))
            {
                foreach (var (item, type) in items) writer.AddDocument(SearchDocuments.Create(item, type, vocabularies));
                writer.Commit();
            }
            return new SearchMatcher(directory, SearchService.SynonymGroups(vocabularies, curatedSynonyms));
        }
        catch
        {
            directory.Dispose();
            throw;
        }
    }

    public int Count => _reader.NumDocs;

    /// <summary>The ids of the items the search finds (paging and sorting of the request do not matter).</summary>
    public IReadOnlySet<string> Match(SearchRequest request)
    {
        var text = SearchService.BuildTextQuery(ParsedQuery.Parse(request.Text), _synonyms, fuzzy: false, relaxed: true);
        var query = new BooleanQuery { { text ?? new MatchAllDocsQuery(), Occur.MUST } };
        if (request.Types.Count > 0) query.Add(SearchService.Filter(SearchDocuments.Type, request.Types), Occur.MUST);
        foreach (var (vocabulary, ids) in request.Filters.Where(f => f.Value.Count > 0))
            query.Add(SearchService.Filter(SearchDocuments.TermField(vocabulary), ids), Occur.MUST);
        if (_reader.MaxDoc == 0) return new HashSet<string>();
        var top = _searcher.Search(query, _reader.MaxDoc);
        return top.ScoreDocs.Select(d => _searcher.Doc(d.Doc).Get(SearchDocuments.Id)).ToHashSet(StringComparer.Ordinal);
    }

    public void Dispose()
    {
        _reader.Dispose();
        _directory.Dispose();
    }
}
