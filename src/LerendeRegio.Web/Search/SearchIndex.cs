using System.Globalization;
using LerendeRegio.Web.Content;
using LerendeRegio.Web.Data;
using LerendeRegio.Web.Vocabularies;
using Lucene.Net.Analysis;
using Lucene.Net.Analysis.Miscellaneous;
using Lucene.Net.Index;
using Lucene.Net.Search;
using Microsoft.EntityFrameworkCore;
using Term = Lucene.Net.Index.Term;
using LuceneDirectory = Lucene.Net.Store.Directory;

namespace LerendeRegio.Web.Search;

/// <summary>
/// This node's Lucene index of published content. The database is the truth and the index a cache of it: the index
/// stores, in the user data of each Lucene commit, the change-log sequence it has applied up to (its cursor), so the
/// cursor and the documents can never disagree. A missing or corrupt index is rebuilt from the database.
/// Only <see cref="SearchIndexer"/> writes; searches read through <see cref="Acquire"/>.
/// </summary>
public sealed class SearchIndex(IServiceScopeFactory scopes, DataPaths paths, ILogger<SearchIndex> logger) : IDisposable
{
    private const string CursorKey = "changeLogCursor";
    private const string SchemaKey = "schema";
    /// <summary>Raise when documents or analysis change: an index of another schema is rebuilt at start.</summary>
    public const string Schema = "6";

    private LuceneDirectory? _directory;
    private IndexWriter? _writer;
    private SearcherManager? _searchers;
    private readonly TaskCompletionSource _ready = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private long _cursor;
    private readonly Lock _cursorWaiters = new();
    private readonly List<(long Sequence, TaskCompletionSource Done)> _waiters = [];
    // One writer task at a time: a catch-up must not commit a rebuild that is half done.
    private readonly SemaphoreSlim _writing = new(1, 1);
    private int _backgroundRebuild;

    /// <summary>Analysis per field: text fields are decompounded at index time; ids and terms are kept as they are.</summary>
    public static Analyzer IndexAnalyzer { get; } = new PerFieldAnalyzerWrapper(new DutchAnalyzer(decompound: true));

    public static Analyzer QueryAnalyzer { get; } = new DutchAnalyzer(decompound: false);

    /// <summary>BM25 (Lucene 4.8 still defaults to TF-IDF); norms are written with it, so index and searcher must agree.</summary>
    public static Lucene.Net.Search.Similarities.Similarity Similarity { get; } = new Bm25WithCoordination();

    /// <summary>BM25 that rewards matching more of the query's words (Lucene's BM25 leaves coordination out).</summary>
    internal sealed class Bm25WithCoordination : Lucene.Net.Search.Similarities.BM25Similarity
    {
        public override float Coord(int overlap, int maxOverlap) => maxOverlap == 0 ? 1f : (float)overlap / maxOverlap;

        /// <summary>A term's idf, as BM25Similarity computes it for the term's weight.</summary>
        internal float TermIdf(Lucene.Net.Search.CollectionStatistics collection, Lucene.Net.Search.TermStatistics term) => Idf(term.DocFreq, collection.MaxDoc);

        /// <summary>
        /// For each of the 256 values of a field's norm, the part of BM25's denominator that the field's length adds:
        /// the same expression BM25Similarity evaluates for a term's weight, so a score computed from it is the same float.
        /// </summary>
        internal float[] LengthFactors(Lucene.Net.Search.CollectionStatistics collection)
        {
            var avgdl = AvgFieldLength(collection);
            var factors = new float[256];
            for (var i = 0; i < factors.Length; i++) factors[i] = K1 * ((1 - B) + B * DecodeNormValue((byte)i) / avgdl);
            return factors;
        }
    }

    private sealed class Bm25SearcherFactory : SearcherFactory
    {
        public override IndexSearcher NewSearcher(IndexReader reader) => SearchIndex.NewSearcher(reader);
    }

    /// <summary>
    /// How the site writes an index: our analysis and BM25 norms, and a 64 MB buffer (Lucene's default is 16), so a
    /// rebuild flushes fewer, larger segments and merges less.
    /// </summary>
    public static IndexWriterConfig NewWriterConfig(OpenMode mode) =>
        new(DutchAnalyzer.Version, IndexAnalyzer) { OpenMode = mode, Similarity = Similarity, RAMBufferSizeMB = 64 };

    /// <summary>A searcher as the site searches: BM25 with coordination, and the Weights of recent queries kept.</summary>
    public static IndexSearcher NewSearcher(IndexReader reader) => new WeightKeepingSearcher(reader) { Similarity = Similarity };

    /// <summary>
    /// Gives each query the index's cached term lookups first (<see cref="SearchService.TermStates"/>, which also leaves
    /// out parts that cannot match), and keeps the normalized Weight of the last queries it ran, for as long as its reader lives (a refresh brings a new
    /// searcher). Making a Weight is per-query work that does not depend on the request: term statistics, BM25 tables,
    /// and for every phrase a fresh terms-dictionary lookup of each word (Lucene 4.8's PhraseWeight takes no cached
    /// TermContext). On the seeded site that was a fifth of a search request. Queries are equal by value (terms, boosts,
    /// structure), and a Weight only hands out new scorers, so one Weight serves concurrent searches, as it does when
    /// IndexSearcher searches segments in parallel.
    /// </summary>
    private sealed class WeightKeepingSearcher(IndexReader reader) : IndexSearcher(reader)
    {
        private const int MaxWeights = 500;
        private readonly System.Collections.Concurrent.ConcurrentDictionary<Query, Weight> _weights = new();
        // The search keeps the query of a text (SearchService.TextQuery): found by reference first, without hashing
        // and comparing a tree of dozens of clauses.
        private readonly System.Runtime.CompilerServices.ConditionalWeakTable<Query, Weight> _byReference = [];

        public override Weight CreateNormalizedWeight(Query query)
        {
            if (_byReference.TryGetValue(query, out var weight)) return weight;
            if (!_weights.TryGetValue(query, out weight))
            {
                weight = base.CreateNormalizedWeight(SearchService.TermStates.Attach(this, query));
                if (_weights.Count >= MaxWeights) _weights.Clear();
                _weights[query] = weight;
            }
            _byReference.AddOrUpdate(query, weight);
            return weight;
        }
    }

    public string Folder => paths.Combine("search-index");

    /// <summary>
    /// The index folder: written through to disk, read from memory (<see cref="InMemoryReadDirectory"/>), never through
    /// <c>FSDirectory.Open</c>, whose MMapDirectory is the slow path of Lucene.NET 4.8.0-beta00017.
    /// </summary>
    public static LuceneDirectory OpenDirectory(string folder) => new InMemoryReadDirectory(new Lucene.Net.Store.NIOFSDirectory(new DirectoryInfo(folder)));

    public long Cursor => Interlocked.Read(ref _cursor);

    public bool IsReady => _ready.Task.IsCompletedSuccessfully;

    /// <summary>Progress of a running rebuild (items done, items in all), for administrators and the log.</summary>
    public (int Done, int Total)? RebuildProgress { get; private set; }

    /// <summary>Opens the index, or rebuilds it when it is missing, unreadable or of another schema.</summary>
    internal async Task OpenOrRebuildAsync(CancellationToken ct)
    {
        var rebuild = !TryOpen(out var reason);
        if (rebuild)
        {
            logger.LogWarning("Search index at {Folder} will be rebuilt: {Reason}", Folder, reason);
            Reset();
            await RebuildAsync(ct);
        }
        _ready.TrySetResult();
        ReleaseWaiters(Cursor);
    }

    private bool TryOpen(out string reason)
    {
        try
        {
            System.IO.Directory.CreateDirectory(Folder);
            _directory = OpenDirectory(Folder);
            if (!DirectoryReader.IndexExists(_directory)) { reason = "no index yet"; return false; }
            var commit = DirectoryReader.ListCommits(_directory)[^1];
            if (!commit.UserData.TryGetValue(SchemaKey, out var schema) || schema != Schema) { reason = $"schema {schema ?? "?"} is not {Schema}"; return false; }
            using (var check = DirectoryReader.Open(commit)) _ = check.NumDocs; // reads every segment's header
            OpenWriter();
            _cursor = long.Parse(commit.UserData[CursorKey], CultureInfo.InvariantCulture);
            reason = "";
            return true;
        }
        catch (Exception e) when (e is IOException or CorruptIndexException or IndexFormatTooOldException or IndexFormatTooNewException or KeyNotFoundException or FormatException)
        {
            reason = $"unreadable ({e.GetType().Name}: {e.Message})";
            Close();
            return false;
        }
    }

    private void OpenWriter()
    {
        _writer = new IndexWriter(_directory, NewWriterConfig(OpenMode.CREATE_OR_APPEND));
        _searchers = new SearcherManager(_writer, applyAllDeletes: true, searcherFactory: new Bm25SearcherFactory());
    }

    private void Reset()
    {
        Close();
        if (System.IO.Directory.Exists(Folder)) System.IO.Directory.Delete(Folder, recursive: true);
        System.IO.Directory.CreateDirectory(Folder);
        _directory = OpenDirectory(Folder);
        OpenWriter();
    }

    /// <summary>Deletes the index folder and builds it anew (the command-line rebuild).</summary>
    public async Task RebuildFromScratchAsync(CancellationToken ct, IProgress<(int Done, int Total)>? progress = null)
    {
        System.IO.Directory.CreateDirectory(Folder);
        _directory = OpenDirectory(Folder);
        OpenWriter(); // takes the write lock first, so a running site is never pulled from under it
        _writer!.DeleteAll();
        await RebuildAsync(ct, progress);
        _ready.TrySetResult();
    }

    /// <summary>
    /// Starts a rebuild in the background (an administrator's request). Searches keep reading the last commit until
    /// the new index is committed whole. False when a rebuild is already running or there is no open index.
    /// </summary>
    public bool TryStartRebuild(CancellationToken stopping)
    {
        if (!IsReady || Interlocked.CompareExchange(ref _backgroundRebuild, 1, 0) != 0) return false;
        RebuildProgress = (0, 0);
        _ = Task.Run(async () =>
        {
            try
            {
                logger.LogInformation("Search index rebuild requested by an administrator");
                await RebuildAsync(stopping);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                logger.LogError(e, "Search index rebuild failed; going back to the last commit");
                await RollBackAsync();
            }
            finally
            {
                RebuildProgress = null;
                Interlocked.Exchange(ref _backgroundRebuild, 0);
            }
        }, CancellationToken.None);
        return true;
    }

    /// <summary>
    /// Drops what a failed rebuild left uncommitted (else the next catch-up would commit half an index) and reopens the
    /// last commit. Searches that hold a searcher of the closed writer finish on it; new ones use the reopened index.
    /// </summary>
    private async Task RollBackAsync()
    {
        await _writing.WaitAsync();
        try
        {
            _writer?.Rollback();
            _writer = null;
            Close();
            if (!TryOpen(out var reason)) logger.LogError("Search index could not be reopened after a failed rebuild: {Reason}", reason);
        }
        finally
        {
            _writing.Release();
        }
    }

    /// <summary>Documents in the searchable commit (null while no index is open).</summary>
    public int? DocumentCount
    {
        get
        {
            var searcher = Acquire();
            if (searcher is null) return null;
            try { return searcher.IndexReader.NumDocs; }
            finally { Release(searcher); }
        }
    }

    /// <summary>Indexes every published item anew. Changes during the rebuild are caught up afterwards from the cursor.</summary>
    public async Task RebuildAsync(CancellationToken ct, IProgress<(int Done, int Total)>? progress = null)
    {
        await _writing.WaitAsync(ct);
        try
        {
            await RebuildLockedAsync(ct, progress);
        }
        finally
        {
            _writing.Release();
        }
    }

    private async Task RebuildLockedAsync(CancellationToken ct, IProgress<(int Done, int Total)>? progress)
    {
        var writer = _writer ?? throw new InvalidOperationException("The index is not open.");
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<LerendeRegioDbContext>();
        // Read the cursor first: anything logged after this point is applied by the catch-up that follows.
        var cursor = await db.ChangeLog.MaxAsync(c => (long?)c.Sequence, ct) ?? 0;
        var total = await db.ContentItems.CountAsync(v => v.Published, ct);
        var types = await scope.ServiceProvider.GetRequiredService<ContentDefinitionStore>().GetTypesAsync(ct);
        var vocabularies = await scope.ServiceProvider.GetRequiredService<VocabularyStore>().GetAllAsync(ct);
        writer.DeleteAll();
        var done = 0;
        long lastId = 0;
        while (true)
        {
            var batch = await db.ContentItems.AsNoTracking().Where(v => v.Published && v.Id > lastId).OrderBy(v => v.Id).Take(500).ToListAsync(ct);
            if (batch.Count == 0) break;
            AddDocuments(writer, batch, record =>
            {
                var item = new ContentItem(record);
                return types.TryGetValue(item.ContentType, out var type) ? SearchDocuments.Create(item, type, vocabularies) : null;
            }, ct: ct);
            lastId = batch[^1].Id;
            done += batch.Count;
            RebuildProgress = (done, total);
            progress?.Report((done, total));
            if (done % 5000 < batch.Count) logger.LogInformation("Search index rebuild: {Done} of {Total} items", done, total);
        }
        MergeAfterRebuild(writer);
        Commit(cursor);
        RebuildProgress = null;
        logger.LogInformation("Search index rebuilt: {Total} items, cursor {Cursor}", done, cursor);
    }

    /// <summary>
    /// Makes and adds the documents of <paramref name="items"/> on every core. Analysis (tokenising, decompounding,
    /// stemming) is most of indexing, IndexWriter is thread-safe and gives each thread its own in-memory segment, so a
    /// rebuild scales with the cores (docs/benchmarks.md: a single thread indexed the 100 000-item corpus at about 1 800
    /// items/s). Documents land in no particular order; nothing depends on document numbers (ties are broken by date and id).
    /// </summary>
    /// <param name="threads">At most this many threads; by default <see cref="IndexingThreads"/> (the benchmark also measures one).</param>
    public static void AddDocuments<T>(IndexWriter writer, IReadOnlyList<T> items, Func<T, Lucene.Net.Documents.Document?> create, int? threads = null, CancellationToken ct = default)
    {
        var options = new ParallelOptions { MaxDegreeOfParallelism = threads ?? IndexingThreads, CancellationToken = ct };
        Parallel.ForEach(System.Collections.Concurrent.Partitioner.Create(0, items.Count, 64), options, range =>
        {
            for (var i = range.Item1; i < range.Item2; i++)
            {
                if (create(items[i]) is { } doc) writer.AddDocument(doc);
            }
        });
    }

    /// <summary>
    /// Merges a fresh index into one segment. Parallel indexing leaves a segment per thread, and every segment costs each
    /// search a scorer per query term and field: on a small index that setup is most of a search.
    /// </summary>
    public static void MergeAfterRebuild(IndexWriter writer) => writer.ForceMerge(1);

    /// <summary>Threads that index at once: every core (Lucene.NET keeps at most 8 in-memory segments in flight).</summary>
    public static int IndexingThreads { get; } = Math.Min(8, Environment.ProcessorCount);

    /// <summary>Applies the change log after the cursor: updates and removals. Returns the number of entries applied.</summary>
    internal async Task<int> CatchUpAsync(CancellationToken ct)
    {
        await _writing.WaitAsync(ct);
        try
        {
            return await CatchUpLockedAsync(ct);
        }
        finally
        {
            _writing.Release();
        }
    }

    private async Task<int> CatchUpLockedAsync(CancellationToken ct)
    {
        var writer = _writer ?? throw new InvalidOperationException("The index is not open.");
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<LerendeRegioDbContext>();
        var cursor = Cursor;
        var changes = await db.ChangeLog.AsNoTracking().Where(c => c.Sequence > cursor).OrderBy(c => c.Sequence).Take(1000).ToListAsync(ct);
        if (changes.Count == 0) return 0;
        var types = await scope.ServiceProvider.GetRequiredService<ContentDefinitionStore>().GetTypesAsync(ct);
        var vocabularies = await scope.ServiceProvider.GetRequiredService<VocabularyStore>().GetAllAsync(ct);
        // Whatever happened to an item in between, its published version now is what the index must hold.
        var ids = changes.Select(c => c.ContentItemId).Distinct().ToList();
        var published = (await db.ContentItems.AsNoTracking().Where(v => v.Published && ids.Contains(v.ContentItemId)).ToListAsync(ct))
            .ToDictionary(v => v.ContentItemId);
        foreach (var id in ids)
        {
            var term = new Term(SearchDocuments.Id, id);
            if (published.TryGetValue(id, out var record) && types.TryGetValue(record.ContentType, out var type))
                writer.UpdateDocument(term, SearchDocuments.Create(new ContentItem(record), type, vocabularies));
            else
                writer.DeleteDocuments(term);
        }
        Commit(changes[^1].Sequence);
        return changes.Count;
    }

    private void Commit(long cursor)
    {
        _writer!.SetCommitData(new Dictionary<string, string>
        {
            [CursorKey] = cursor.ToString(CultureInfo.InvariantCulture),
            [SchemaKey] = Schema,
        });
        _writer.Commit();
        _searchers!.MaybeRefreshBlocking();
        Interlocked.Exchange(ref _cursor, cursor);
        if (IsReady) ReleaseWaiters(cursor);
    }

    private void ReleaseWaiters(long cursor)
    {
        lock (_cursorWaiters)
        {
            foreach (var w in _waiters.Where(w => w.Sequence <= cursor)) w.Done.TrySetResult();
            _waiters.RemoveAll(w => w.Sequence <= cursor);
        }
    }

    /// <summary>Completes when the index has applied the change log up to <paramref name="sequence"/>.</summary>
    public Task WaitForAsync(long sequence, CancellationToken ct = default)
    {
        lock (_cursorWaiters)
        {
            if (IsReady && Cursor >= sequence) return Task.CompletedTask;
            var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            _waiters.Add((sequence, done));
            return done.Task.WaitAsync(ct);
        }
    }

    /// <summary>A searcher over the latest commit; give it back with <see cref="Release"/>. Null while no index is ready.</summary>
    public IndexSearcher? Acquire() => IsReady ? _searchers?.Acquire() : null;

    public void Release(IndexSearcher searcher) => _searchers?.Release(searcher);

    private void Close()
    {
        _searchers?.Dispose();
        _searchers = null;
        _writer?.Dispose();
        _writer = null;
        _directory?.Dispose();
        _directory = null;
    }

    public void Dispose()
    {
        Close();
        _writing.Dispose();
    }
}
