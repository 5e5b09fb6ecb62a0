using LerendeRegio.Web.Search;
using Lucene.Net.Documents;
using Lucene.Net.Index;
using Lucene.Net.Search;

namespace LerendeRegio.Benchmarks;

/// <summary>
/// Facet values for the synthetic items, as the site indexes them (an indexed term and a doc value per value): a content
/// type and the seven facet vocabularies, a few values each, skewed so the first values are the most common. Drawn from
/// the item's id alone, so the text of the corpus is the same as without them.
/// </summary>
public static class SyntheticFacets
{
    // Vocabulary, number of values, fewest and most values per item.
    private static readonly (string Vocabulary, int Values, int Min, int Max)[] Vocabularies =
    [
        ("pijler", 3, 1, 1), ("thema", 13, 1, 2), ("gemeente", 13, 1, 2), ("doelgroep", 8, 1, 3), ("bewijsniveau", 6, 0, 1),
        ("werkzaam-element", 21, 0, 3), ("k4k-deelproject", 5, 0, 1),
    ];
    private static readonly string[] Types = ["Intervention", "LessonLearned", "Project", "SchoolPractice"];

    public static void Add(Document doc, string id)
    {
        var random = new Random(StableHash(id));
        var type = Types[Skewed(random, Types.Length)];
        doc.Add(new StringField(SearchDocuments.Type, type, Field.Store.NO));
        doc.Add(new SortedSetDocValuesField(SearchDocuments.Type, new Lucene.Net.Util.BytesRef(type)));
        foreach (var (vocabulary, values, min, max) in Vocabularies)
        {
            var field = SearchDocuments.TermField(vocabulary);
            foreach (var value in Enumerable.Range(0, random.Next(min, max + 1)).Select(_ => Value(vocabulary, Skewed(random, values))).Distinct())
            {
                doc.Add(new StringField(field, value, Field.Store.NO));
                doc.Add(new SortedSetDocValuesField(field, new Lucene.Net.Util.BytesRef(value)));
            }
        }
    }

    /// <summary>Every value <see cref="Add"/> can give, by field: the types and each vocabulary's values.</summary>
    public static IEnumerable<(string Field, string Value)> AllValues() =>
        Types.Select(t => (SearchDocuments.Type, t)).Concat(Vocabularies.SelectMany(v =>
            Enumerable.Range(0, v.Values).Select(rank => (SearchDocuments.TermField(v.Vocabulary), Value(v.Vocabulary, rank)))));

    /// <summary>The value's id: the vocabulary and its rank (0 is the most common).</summary>
    public static string Value(string vocabulary, int rank) => $"{vocabulary}-{rank}";

    private static int Skewed(Random random, int values) => Math.Min(values - 1, (int)(values * Math.Pow(random.NextDouble(), 2)));

    private static int StableHash(string s)
    {
        var hash = 17;
        foreach (var c in s) hash = unchecked(hash * 31 + c);
        return hash;
    }
}

/// <summary>
/// The part of the site's search that grows with the index, on the benchmark's index: the ranking with every facet
/// counted (<see cref="SearchService.RankAndCount"/>), without and with chosen facets; next to it, in the same run, the
/// way chosen facets were counted before (one more search per chosen facet), whose answers it must equal.
/// </summary>
public static class SiteSearchTiming
{
    private static readonly IReadOnlyDictionary<string, string[]> NoSynonyms = new Dictionary<string, string[]>();

    public static readonly (string Label, Dictionary<string, IReadOnlyList<string>> Filters)[] Choices =
    [
        ("none", []),
        ("gemeente", new() { ["gemeente"] = [SyntheticFacets.Value("gemeente", 0)] }),
        ("gemeente, thema", new() { ["gemeente"] = [SyntheticFacets.Value("gemeente", 0)], ["thema"] = [SyntheticFacets.Value("thema", 1)] }),
    ];

    public static List<(string Query, string Chosen, int Matches, double P50, double P99, double BeforeP50, double RankingP50)> Run(string folder)
    {
        using var directory = SearchIndex.OpenDirectory(folder);
        using var reader = DirectoryReader.Open(directory);
        var searcher = SearchIndex.NewSearcher(reader);
        var rows = new List<(string, string, int, double, double, double, double)>();
        foreach (var text in SearchBenchmarks.Queries)
        {
            var query = SearchService.BuildTextQuery(ParsedQuery.Parse(text), NoSynonyms, fuzzy: false, relaxed: true);
            foreach (var (label, filters) in Choices)
            {
                var request = new SearchRequest { Text = text, Filters = filters };
                var (docs, counter, sideways) = SearchService.RankAndCount(searcher, query, request);
                var before = PassPerFacet(searcher, query, request);
                if (before.Total != docs.TotalHits || !SameCounts(counter, before.Counter, sideways, before.Sideways))
                    throw new InvalidOperationException($"{text} with {label}: the counts differ from a search per chosen facet.");
                var (p50, p99) = Time(() => SearchService.RankAndCount(searcher, query, request));
                var (beforeP50, _) = Time(() => PassPerFacet(searcher, query, request));
                // The ranking alone: the same matches, nothing counted (what the engine table above times, with filters).
                var filtered = Filtered(query, request, except: null);
                var (rankingP50, _) = Time(() => SearchService.Ranked(searcher, filtered, request.PageSize));
                rows.Add((text, label, docs.TotalHits, p50, p99, beforeP50, rankingP50));
                Console.WriteLine($"{text,-40} {label,-16} {docs.TotalHits,7} matches  p50 {p50,8:F0} µs  p99 {p99,8:F0} µs  (a search per chosen facet: p50 {beforeP50,8:F0} µs; ranking alone {rankingP50,8:F0} µs)");
            }
        }
        return rows;
    }

    /// <summary>Chosen facets counted as main did before 2026-12-04: the filtered search, then one search per chosen facet without its choice.</summary>
    private static (int Total, FacetCounter Counter, Dictionary<string, FacetCounter> Sideways) PassPerFacet(IndexSearcher searcher, Query? text, SearchRequest request)
    {
        var counter = new FacetCounter(SearchService.FacetFields);
        var total = SearchService.Ranked(searcher, Filtered(text, request, except: null), request.PageSize, counter).TotalHits;
        var sideways = new Dictionary<string, FacetCounter>(StringComparer.Ordinal);
        foreach (var vocabulary in request.Filters.Keys)
        {
            var field = SearchDocuments.TermField(vocabulary);
            searcher.Search(Filtered(text, request, vocabulary), sideways[field] = new FacetCounter([field]));
        }
        return (total, counter, sideways);
    }

    /// <summary>The text query with the request's filters but the one of <paramref name="except"/>; the text query itself without filters.</summary>
    private static Query Filtered(Query? text, SearchRequest request, string? except)
    {
        if (text is not null && request.Filters.All(f => f.Key == except)) return text;
        var all = new BooleanQuery { { text ?? new MatchAllDocsQuery(), Occur.MUST } };
        foreach (var (vocabulary, ids) in request.Filters.Where(f => f.Key != except)) all.Add(SearchService.Filter(SearchDocuments.TermField(vocabulary), ids), Occur.MUST);
        return all;
    }

    /// <summary>Whether two searches counted every value alike, over all facets and per chosen facet.</summary>
    private static bool SameCounts(FacetCounter a, FacetCounter b, Dictionary<string, FacetCounter> sa, Dictionary<string, FacetCounter> sb) =>
        SyntheticFacets.AllValues().All(v => a.Count(v.Field, v.Value) == b.Count(v.Field, v.Value)
            && sa.TryGetValue(v.Field, out var x) == sb.TryGetValue(v.Field, out var y)
            && (x is null || x.Count(v.Field, v.Value) == y!.Count(v.Field, v.Value)));

    private static (double P50, double P99) Time(Action search)
    {
        var (p50, p99, _, _) = Latency.Measure(search, budgetMilliseconds: 3_000);
        return (p50, p99);
    }
}
