using LerendeRegio.Web.Search;
using Lucene.Net.Documents;
using Lucene.Net.Index;
using Lucene.Net.Search;
using Lucene.Net.Store;
using Microsoft.Data.Sqlite;
using Npgsql;

namespace LerendeRegio.Benchmarks;

/// <summary>
/// Which items a query matches. The engine comparison runs every engine on both rules, so that each engine is timed
/// for the same work as the others, and also shows our search on the site's rule against the peers' own.
/// </summary>
public enum MatchRule
{
    /// <summary>
    /// The site's rule (<see cref="SearchService.MostOf"/>): at least most of the words, 1 of 2, 2 of 3, 3 of 4. The peers
    /// are asked for it as the combinations of that many words, (a AND b) OR (a AND c) OR (b AND c).
    /// </summary>
    MostWords,

    /// <summary>
    /// The peers' usual rule, as in docs/search-quality.md: every word, and when no item has them all, any of them. Our
    /// search has no "any" of several words: it takes most of them, which is the same for two words. The site never
    /// asks for every word; it is measured to compare like with like.
    /// </summary>
    EveryWordElseAny,
}

/// <summary>One engine under measurement: the top 10 ids for a query under a rule, and how many items match.</summary>
public interface IEngine : IDisposable
{
    string Name { get; }

    IReadOnlyList<string> Top10(string query, MatchRule rule);

    /// <summary>How many items the query matches under the rule (the work behind its top 10); not timed.</summary>
    int Matches(string query, MatchRule rule);
}

/// <summary>The match expressions of SQLite FTS5 and PostgreSQL for a query, in the order they are tried.</summary>
internal static class PeerQuery
{
    /// <summary>
    /// The query's words as every engine counts them: without the words our analysis drops (stop words such as "en"),
    /// so that "most of the words" is the same number everywhere; lower-cased.
    /// </summary>
    public static IReadOnlyList<string> Words(string query) =>
        [.. ParsedQuery.Parse(query).Words.Where(w => SearchService.QueryTokens(w).Count > 0).Select(w => w.ToLowerInvariant())];

    /// <summary>The expressions to try in turn until one matches: <paramref name="and"/>/<paramref name="or"/> are the engine's operators.</summary>
    public static IEnumerable<string> Expressions(IReadOnlyList<string> words, MatchRule rule, Func<string, string> quote, string and, string or)
    {
        if (words.Count == 0) yield break;
        if (rule == MatchRule.EveryWordElseAny)
        {
            yield return string.Join(and, words.Select(quote));
            if (words.Count > 1) yield return string.Join(or, words.Select(quote));
            yield break;
        }
        var most = SearchService.MostOf(words.Count);
        yield return most == 1
            ? string.Join(or, words.Select(quote))
            : string.Join(or, Combinations(words.Count, most).Select(c => "(" + string.Join(and, c.Select(i => quote(words[i]))) + ")"));
    }

    /// <summary>Every choice of <paramref name="k"/> of the indexes 0..n-1, in order.</summary>
    internal static IEnumerable<int[]> Combinations(int n, int k)
    {
        if (k == 0)
        {
            yield return [];
            yield break;
        }
        for (var first = 0; first <= n - k; first++)
            foreach (var rest in Combinations(n - first - 1, k - 1))
                yield return [first, .. rest.Select(i => i + first + 1)];
    }
}

/// <summary>
/// Our search: the same documents, analysis, query building and ranking as the site (SearchService.Ranked: BM25 on the
/// weighted fields, ties newest first), on an index on disk read as the site reads it (SearchIndex.OpenDirectory).
/// </summary>
public sealed class LuceneEngine : IEngine
{
    private readonly Lucene.Net.Store.Directory _directory;
    private readonly DirectoryReader _reader;
    private readonly IndexSearcher _searcher;
    private static readonly IReadOnlyDictionary<string, string[]> NoSynonyms = new Dictionary<string, string[]>();

    public LuceneEngine(string folder)
    {
        _directory = SearchIndex.OpenDirectory(folder);
        _reader = DirectoryReader.Open(_directory);
        _searcher = SearchIndex.NewSearcher(_reader);
    }

    public string Name => "LerendeRegio (Lucene.NET)";

    /// <summary>Builds the index as the site's rebuild does (<see cref="SearchIndex.AddDocuments"/>), with <paramref name="threads"/> threads.</summary>
    public static void Build(string folder, IReadOnlyList<SyntheticItem> items, int threads)
    {
        using var directory = SearchIndex.OpenDirectory(folder);
        using var writer = new IndexWriter(directory, SearchIndex.NewWriterConfig(OpenMode.CREATE));
        SearchIndex.AddDocuments(writer, items, Document, threads: threads);
        SearchIndex.MergeAfterRebuild(writer);
        writer.Commit();

        static Document Document(SyntheticItem i)
        {
            var doc = new Document
            {
                new StringField(SearchDocuments.Id, i.Id, Field.Store.YES),
                new Int64Field(SearchDocuments.Published, i.Published, Field.Store.YES),
                new NumericDocValuesField(SearchDocuments.Published, i.Published),
            };
            SearchDocuments.AddText(doc, i.Title, i.Summary, i.Terms, i.Body);
            SyntheticFacets.Add(doc, i.Id);
            return doc;
        }
    }

    public IReadOnlyList<string> Top10(string query, MatchRule rule) => [.. Ranked(query, rule).ScoreDocs.Select(d => StoredHit.Get(_searcher, d.Doc).Id)];

    public int Matches(string query, MatchRule rule) => Ranked(query, rule).TotalHits;

    /// <summary>The site's query (most words, <c>relaxed</c>); for <see cref="MatchRule.EveryWordElseAny"/> every word first.</summary>
    private TopDocs Ranked(string query, MatchRule rule)
    {
        var parsed = ParsedQuery.Parse(query);
        if (rule == MatchRule.EveryWordElseAny && SearchService.BuildTextQuery(parsed, NoSynonyms, fuzzy: false, relaxed: false) is { } every
            && SearchService.Ranked(_searcher, every, 10) is { TotalHits: > 0 } found)
            return found;
        var q = SearchService.BuildTextQuery(parsed, NoSynonyms, fuzzy: false, relaxed: true) ?? new MatchAllDocsQuery();
        return SearchService.Ranked(_searcher, q, 10);
    }

    public void Dispose()
    {
        _reader.Dispose();
        _directory.Dispose();
    }
}

/// <summary>SQLite FTS5 with bm25 and the same field weights, accent folding by the unicode61 tokenizer.</summary>
public sealed class Fts5Engine : IEngine
{
    private readonly SqliteConnection _connection;

    public Fts5Engine(string file)
    {
        _connection = new SqliteConnection($"Data Source={file};Mode=ReadOnly");
        _connection.Open();
    }

    public string Name => "SQLite FTS5";

    public static void Build(string file, IEnumerable<SyntheticItem> items)
    {
        File.Delete(file);
        using var connection = new SqliteConnection($"Data Source={file}");
        connection.Open();
        using (var create = connection.CreateCommand())
        {
            create.CommandText = "CREATE VIRTUAL TABLE docs USING fts5(id UNINDEXED, title, summary, terms, body, tokenize = 'unicode61 remove_diacritics 2')";
            create.ExecuteNonQuery();
        }
        using var transaction = connection.BeginTransaction();
        using var insert = connection.CreateCommand();
        insert.CommandText = "INSERT INTO docs VALUES ($id, $t, $s, $te, $b)";
        var p = new[] { "$id", "$t", "$s", "$te", "$b" }.Select(n => insert.Parameters.Add(n, SqliteType.Text)).ToArray();
        foreach (var i in items)
        {
            p[0].Value = i.Id; p[1].Value = i.Title; p[2].Value = i.Summary; p[3].Value = i.Terms; p[4].Value = i.Body;
            insert.ExecuteNonQuery();
        }
        transaction.Commit();
    }

    public IReadOnlyList<string> Top10(string query, MatchRule rule)
    {
        foreach (var expression in Expressions(query, rule))
        {
            using var select = _connection.CreateCommand();
            select.CommandText = "SELECT id FROM docs WHERE docs MATCH $q ORDER BY bm25(docs, 0, 4.0, 2.0, 0.8, 1.0) LIMIT 10";
            select.Parameters.AddWithValue("$q", expression);
            var ids = new List<string>();
            using var reader = select.ExecuteReader();
            while (reader.Read()) ids.Add(reader.GetString(0));
            if (ids.Count > 0) return ids;
        }
        return [];
    }

    public int Matches(string query, MatchRule rule)
    {
        foreach (var expression in Expressions(query, rule))
        {
            using var count = _connection.CreateCommand();
            count.CommandText = "SELECT count(*) FROM docs WHERE docs MATCH $q";
            count.Parameters.AddWithValue("$q", expression);
            if (Convert.ToInt32(count.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture) is > 0 and var n) return n;
        }
        return 0;
    }

    private static IEnumerable<string> Expressions(string query, MatchRule rule) =>
        PeerQuery.Expressions(PeerQuery.Words(query), rule, w => "\"" + w + "\"", " AND ", " OR ");

    public void Dispose() => _connection.Dispose();
}

/// <summary>PostgreSQL full-text search: tsvector with the dutch configuration and weights A–D, GIN index, ts_rank.</summary>
public sealed class PostgresEngine : IEngine
{
    private readonly NpgsqlConnection _connection;

    public PostgresEngine(string connectionString)
    {
        _connection = new NpgsqlConnection(connectionString);
        _connection.Open();
    }

    public string Name => "PostgreSQL FTS (dutch)";

    public static void Build(string connectionString, IEnumerable<SyntheticItem> items)
    {
        using var connection = new NpgsqlConnection(connectionString);
        connection.Open();
        using (var create = new NpgsqlCommand("DROP TABLE IF EXISTS bench_docs; CREATE TABLE bench_docs (id text primary key, title text, summary text, terms text, body text, vec tsvector)", connection))
            create.ExecuteNonQuery();
        using (var copy = connection.BeginBinaryImport("COPY bench_docs (id, title, summary, terms, body) FROM STDIN (FORMAT BINARY)"))
        {
            foreach (var i in items)
            {
                copy.StartRow();
                copy.Write(i.Id); copy.Write(i.Title); copy.Write(i.Summary); copy.Write(i.Terms); copy.Write(i.Body);
            }
            copy.Complete();
        }
        using var index = new NpgsqlCommand("""
            UPDATE bench_docs SET vec = setweight(to_tsvector('dutch', title), 'A') || setweight(to_tsvector('dutch', summary), 'B')
              || setweight(to_tsvector('dutch', terms), 'C') || setweight(to_tsvector('dutch', body), 'D');
            CREATE INDEX bench_docs_vec ON bench_docs USING gin (vec); ANALYZE bench_docs;
            """, connection) { CommandTimeout = 600 };
        index.ExecuteNonQuery();
    }

    public IReadOnlyList<string> Top10(string query, MatchRule rule)
    {
        foreach (var expression in Expressions(query, rule))
        {
            using var select = new NpgsqlCommand("SELECT id FROM bench_docs, to_tsquery('dutch', @q) query WHERE vec @@ query ORDER BY ts_rank(vec, query) DESC LIMIT 10", _connection);
            select.Parameters.AddWithValue("q", expression);
            var ids = new List<string>();
            using var reader = select.ExecuteReader();
            while (reader.Read()) ids.Add(reader.GetString(0));
            if (ids.Count > 0) return ids;
        }
        return [];
    }

    public int Matches(string query, MatchRule rule)
    {
        foreach (var expression in Expressions(query, rule))
        {
            using var count = new NpgsqlCommand("SELECT count(*) FROM bench_docs WHERE vec @@ to_tsquery('dutch', @q)", _connection);
            count.Parameters.AddWithValue("q", expression);
            if (Convert.ToInt32(count.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture) is > 0 and var n) return n;
        }
        return 0;
    }

    private static IEnumerable<string> Expressions(string query, MatchRule rule) =>
        PeerQuery.Expressions(PeerQuery.Words(query), rule, w => "'" + w + "'", " & ", " | ");

    public void Dispose() => _connection.Dispose();
}
