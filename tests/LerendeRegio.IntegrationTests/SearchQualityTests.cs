using System.Globalization;
using System.Text;
using System.Text.Json;
using LerendeRegio.Tests;
using LerendeRegio.Web.Content;
using LerendeRegio.Web.Data;
using LerendeRegio.Web.Search;
using LerendeRegio.Web.Vocabularies;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace LerendeRegio.IntegrationTests;

/// <summary>
/// Ranking quality on the evaluation set (tests/search-evaluation.json): nDCG@10 and recall@10 of our search, next to
/// SQLite FTS5 (bm25, accent folding) and PostgreSQL full-text search (dutch configuration, ts_rank) on the same
/// corpus and queries. The floors fail on regressions of our search; with LERENDEREGIO_WRITE_DOCS=1 the figures are
/// written to docs/search-quality.md.
/// </summary>
public sealed class SearchQualityTests(SqliteSite site) : IClassFixture<SqliteSite>
{
    private const double NdcgFloor = 0.80;
    private const double RecallFloor = 0.78;

    private sealed record Judged(string Query, Dictionary<string, int> Relevant);

    private sealed record Corpus(string Id, string Title, string Summary, string Terms, string Body);

    private static List<Judged> Evaluation()
    {
        using var doc = JsonDocument.Parse(File.ReadAllText(Path.Combine(RepositoryPaths.Root, "tests", "search-evaluation.json")));
        return [.. doc.RootElement.GetProperty("queries").EnumerateArray().Select(q => new Judged(
            q.GetProperty("query").GetString()!,
            q.GetProperty("relevant").EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetInt32())))];
    }

    [Fact]
    public async Task Our_search_is_above_the_quality_floor_and_beats_SQLite_FTS5_and_PostgreSQL()
    {
        var judged = Evaluation();
        Assert.True(judged.Count >= 40, $"The evaluation set has {judged.Count} queries; at least 40 are needed.");
        var corpus = await CorpusAsync();
        Assert.All(judged.SelectMany(j => j.Relevant.Keys), id => Assert.Contains(corpus, c => c.Id == id));

        await using var scope = site.Scope();
        var search = site.Get<SearchService>(scope);
        var ours = await Score(judged, async q => (await search.SearchAsync(new SearchRequest { Text = q, PageSize = 10 })).Hits.Select(h => h.Id).ToList());
        var fts5 = await Score(judged, await Fts5Async(corpus));
        var postgres = await Score(judged, await PostgresAsync(corpus));

        var report = Report(judged.Count, ours, fts5, postgres);
        if (Environment.GetEnvironmentVariable("LERENDEREGIO_WRITE_DOCS") == "1")
            await File.WriteAllTextAsync(Path.Combine(RepositoryPaths.Root, "docs", "search-quality.md"), report);

        Assert.True(ours.Ndcg >= NdcgFloor, $"nDCG@10 {ours.Ndcg:F3} fell below {NdcgFloor}\n{report}");
        Assert.True(ours.Recall >= RecallFloor, $"recall@10 {ours.Recall:F3} fell below {RecallFloor}\n{report}");
        Assert.True(ours.Ndcg > fts5.Ndcg && ours.Ndcg > postgres.Ndcg, report);
    }

    private sealed record Scores(double Ndcg, double Recall, List<(string Query, double Ndcg, double Recall)> PerQuery);

    private static async Task<Scores> Score(List<Judged> judged, Func<string, Task<List<string>>> engine)
    {
        var per = new List<(string, double, double)>();
        foreach (var j in judged)
        {
            var top = (await engine(j.Query)).Take(10).ToList();
            double Gain(int grade) => Math.Pow(2, grade) - 1;
            var dcg = top.Select((id, i) => Gain(j.Relevant.GetValueOrDefault(id)) / Math.Log2(i + 2)).Sum();
            var ideal = j.Relevant.Values.OrderDescending().Take(10).Select((g, i) => Gain(g) / Math.Log2(i + 2)).Sum();
            var recall = (double)top.Count(j.Relevant.ContainsKey) / Math.Min(10, j.Relevant.Count);
            per.Add((j.Query, ideal == 0 ? 0 : dcg / ideal, recall));
        }
        return new(per.Average(p => p.Item2), per.Average(p => p.Item3), per);
    }

    private async Task<List<Corpus>> CorpusAsync()
    {
        await using var scope = site.Scope();
        var db = site.Get<LerendeRegioDbContext>(scope);
        var types = await site.Get<ContentDefinitionStore>(scope).GetTypesAsync();
        var vocabularies = await site.Get<VocabularyStore>(scope).GetAllAsync();
        var records = await db.ContentItems.AsNoTracking().Where(v => v.Published).ToListAsync();
        return [.. records.Select(r => new ContentItem(r)).Where(i => types.ContainsKey(i.ContentType)).Select(i =>
        {
            var doc = SearchDocuments.Create(i, types[i.ContentType], vocabularies);
            return new Corpus(i.ContentItemId, doc.Get(SearchDocuments.Title), doc.Get(SearchDocuments.Summary) ?? "", doc.Get(SearchDocuments.TermNames) ?? "", doc.Get(SearchDocuments.Body) ?? "");
        })];
    }

    /// <summary>Words of the query for the peers: every word must match, else any word may (the same fallback as ours).</summary>
    private static List<string> Words(string query) => [.. ParsedQuery.Parse(query).Words.Concat(ParsedQuery.Parse(query).Phrases.SelectMany(p => p.Split(' '))).Select(w => w.ToLowerInvariant())];

    private static async Task<Func<string, Task<List<string>>>> Fts5Async(List<Corpus> corpus)
    {
        var connection = new SqliteConnection("Data Source=:memory:");
        await connection.OpenAsync();
        await using (var create = connection.CreateCommand())
        {
            create.CommandText = "CREATE VIRTUAL TABLE docs USING fts5(id UNINDEXED, title, summary, terms, body, tokenize = 'unicode61 remove_diacritics 2')";
            await create.ExecuteNonQueryAsync();
        }
        foreach (var c in corpus)
        {
            await using var insert = connection.CreateCommand();
            insert.CommandText = "INSERT INTO docs VALUES ($id, $title, $summary, $terms, $body)";
            insert.Parameters.AddWithValue("$id", c.Id);
            insert.Parameters.AddWithValue("$title", c.Title);
            insert.Parameters.AddWithValue("$summary", c.Summary);
            insert.Parameters.AddWithValue("$terms", c.Terms);
            insert.Parameters.AddWithValue("$body", c.Body);
            await insert.ExecuteNonQueryAsync();
        }
        return async query =>
        {
            var words = Words(query).Select(w => "\"" + w.Replace("\"", "", StringComparison.Ordinal) + "\"").ToList();
            if (words.Count == 0) return [];
            foreach (var op in new[] { " AND ", " OR " })
            {
                await using var select = connection.CreateCommand();
                select.CommandText = "SELECT id FROM docs WHERE docs MATCH $q ORDER BY bm25(docs, 0, 4.0, 2.0, 1.5, 1.0) LIMIT 10";
                select.Parameters.AddWithValue("$q", string.Join(op, words));
                var ids = new List<string>();
                await using var reader = await select.ExecuteReaderAsync();
                while (await reader.ReadAsync()) ids.Add(reader.GetString(0));
                if (ids.Count > 0) return ids;
            }
            return [];
        };
    }

    private static async Task<Func<string, Task<List<string>>>> PostgresAsync(List<Corpus> corpus)
    {
        var server = Environment.GetEnvironmentVariable(SiteFixture.PostgresVariable)
            ?? throw new InvalidOperationException($"{SiteFixture.PostgresVariable} is not set; run tests/run.sh.");
        var connection = new NpgsqlConnection(server);
        await connection.OpenAsync();
        await using (var create = new NpgsqlCommand("""
            CREATE TEMP TABLE docs (id text, vec tsvector);
            """, connection)) await create.ExecuteNonQueryAsync();
        foreach (var c in corpus)
        {
            await using var insert = new NpgsqlCommand("""
                INSERT INTO docs VALUES (@id,
                  setweight(to_tsvector('dutch', @title), 'A') || setweight(to_tsvector('dutch', @summary), 'B') ||
                  setweight(to_tsvector('dutch', @terms), 'C') || setweight(to_tsvector('dutch', @body), 'D'))
                """, connection);
            insert.Parameters.AddWithValue("id", c.Id);
            insert.Parameters.AddWithValue("title", c.Title);
            insert.Parameters.AddWithValue("summary", c.Summary);
            insert.Parameters.AddWithValue("terms", c.Terms);
            insert.Parameters.AddWithValue("body", c.Body);
            await insert.ExecuteNonQueryAsync();
        }
        return async query =>
        {
            var words = Words(query);
            if (words.Count == 0) return [];
            foreach (var op in new[] { " & ", " | " })
            {
                await using var select = new NpgsqlCommand("""
                    SELECT id FROM docs, to_tsquery('dutch', @q) query WHERE vec @@ query ORDER BY ts_rank(vec, query) DESC LIMIT 10
                    """, connection);
                select.Parameters.AddWithValue("q", string.Join(op, words.Select(w => "'" + w.Replace("'", "", StringComparison.Ordinal) + "'")));
                var ids = new List<string>();
                await using var reader = await select.ExecuteReaderAsync();
                while (await reader.ReadAsync()) ids.Add(reader.GetString(0));
                if (ids.Count > 0) return ids;
            }
            return [];
        };
    }

    private static string Report(int queries, Scores ours, Scores fts5, Scores postgres)
    {
        var nl = CultureInfo.InvariantCulture;
        var sb = new StringBuilder();
        sb.AppendLine("# Search quality").AppendLine();
        sb.AppendLine($"Measured {DateTime.UtcNow:yyyy-MM-dd} by `SearchQualityTests` on the seeded content ({queries} queries of `tests/search-evaluation.json`,");
        sb.AppendLine("graded relevance 1–3). Reproduce: `LERENDEREGIO_WRITE_DOCS=1 tests/run.sh --filter FullyQualifiedName~SearchQuality`.").AppendLine();
        sb.AppendLine("All three engines get the same corpus (title, summary, names of the item's vocabulary terms, body text) and the same");
        sb.AppendLine("query words; every word must match, and when nothing does, any word may. Ours adds what it is built for: Dutch");
        sb.AppendLine("stemming with plural fixes, decompounding, synonyms from the vocabularies, phrase boost and typo tolerance.").AppendLine();
        sb.AppendLine("| engine | nDCG@10 | recall@10 |").AppendLine("|---|---:|---:|");
        sb.AppendLine(nl, $"| LerendeRegio (Lucene.NET 4.8, DutchAnalyzer of our own) | {ours.Ndcg:F3} | {ours.Recall:F3} |");
        sb.AppendLine(nl, $"| SQLite FTS5 (unicode61, remove_diacritics, bm25 4/2/1.5/1) | {fts5.Ndcg:F3} | {fts5.Recall:F3} |");
        sb.AppendLine(nl, $"| PostgreSQL FTS (`dutch`, weights A–D, ts_rank) | {postgres.Ndcg:F3} | {postgres.Recall:F3} |").AppendLine();
        sb.AppendLine(nl, $"Floors in the test (fail on regression): nDCG@10 ≥ {NdcgFloor}, recall@10 ≥ {RecallFloor}.").AppendLine();
        sb.AppendLine("## Per query (nDCG@10: ours / FTS5 / PostgreSQL)").AppendLine();
        sb.AppendLine("| query | ours | FTS5 | PostgreSQL |").AppendLine("|---|---:|---:|---:|");
        for (var i = 0; i < ours.PerQuery.Count; i++)
            sb.AppendLine(nl, $"| {ours.PerQuery[i].Query.Replace("|", "\\|", StringComparison.Ordinal)} | {ours.PerQuery[i].Ndcg:F2} | {fts5.PerQuery[i].Ndcg:F2} | {postgres.PerQuery[i].Ndcg:F2} |");
        return sb.ToString();
    }
}
