using LerendeRegio.Web.Search;
using Lucene.Net.Documents;
using Lucene.Net.Index;
using Lucene.Net.Search;
using Lucene.Net.Store;
using Microsoft.Data.Sqlite;
using Npgsql;

namespace LerendeRegio.Benchmarks;

/// <summary>One engine under measurement: top 10 ids for a query, every word required, else most/any words.</summary>
public interface IEngine : IDisposable
{
    string Name { get; }

    IReadOnlyList<string> Top10(string query);
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

    public IReadOnlyList<string> Top10(string query)
    {
        var q = SearchService.BuildTextQuery(ParsedQuery.Parse(query), NoSynonyms, fuzzy: false, relaxed: true) ?? new MatchAllDocsQuery();
        var top = SearchService.Ranked(_searcher, q, 10);
        return [.. top.ScoreDocs.Select(d => StoredHit.Get(_searcher, d.Doc).Id)];
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

    public IReadOnlyList<string> Top10(string query)
    {
        var words = ParsedQuery.Parse(query).Words.Select(w => "\"" + w.ToLowerInvariant() + "\"").ToList();
        if (words.Count == 0) return [];
        foreach (var op in new[] { " AND ", " OR " })
        {
            using var select = _connection.CreateCommand();
            select.CommandText = "SELECT id FROM docs WHERE docs MATCH $q ORDER BY bm25(docs, 0, 4.0, 2.0, 0.8, 1.0) LIMIT 10";
            select.Parameters.AddWithValue("$q", string.Join(op, words));
            var ids = new List<string>();
            using var reader = select.ExecuteReader();
            while (reader.Read()) ids.Add(reader.GetString(0));
            if (ids.Count > 0) return ids;
        }
        return [];
    }

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

    public IReadOnlyList<string> Top10(string query)
    {
        var words = ParsedQuery.Parse(query).Words.Select(w => "'" + w.ToLowerInvariant() + "'").ToList();
        if (words.Count == 0) return [];
        foreach (var op in new[] { " & ", " | " })
        {
            using var select = new NpgsqlCommand("SELECT id FROM bench_docs, to_tsquery('dutch', @q) query WHERE vec @@ query ORDER BY ts_rank(vec, query) DESC LIMIT 10", _connection);
            select.Parameters.AddWithValue("q", string.Join(op, words));
            var ids = new List<string>();
            using var reader = select.ExecuteReader();
            while (reader.Read()) ids.Add(reader.GetString(0));
            if (ids.Count > 0) return ids;
        }
        return [];
    }

    public void Dispose() => _connection.Dispose();
}
