using LerendeRegio.Web.Data;
using LerendeRegio.Web.Setup;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Caching.Memory;
using Microsoft.Extensions.Options;

namespace LerendeRegio.Web.Content;

/// <summary>
/// Remembers answers about published content until the content changes. Every answer is stored under the current
/// generation; a change (on this node at once, on other nodes through <see cref="ChangeLogFollower"/>) starts a new
/// generation, so no answer from before a change is ever served after it. Drafts never enter: only published reads go
/// through here.
/// </summary>
public sealed class ContentReadCache(IMemoryCache cache, IOptions<LerendeRegioOptions> options)
{
    private long _generation;
    private long _changeLogPosition;

    public bool Enabled { get; } = options.Value.ContentCache;

    public long Generation => Interlocked.Read(ref _generation);

    public async Task<T> GetOrLoadAsync<T>(object key, Func<Task<T>> load, int size = 1)
    {
        if (!Enabled) return await load();
        var generation = Generation;
        var fullKey = (generation, key);
        if (cache.TryGetValue(fullKey, out T? hit)) return hit!;
        var value = await load();
        // A change that landed while loading may not be in the value: keep it only if the generation still stands.
        if (Generation == generation)
            cache.Set(fullKey, value, new MemoryCacheEntryOptions { Size = size, SlidingExpiration = TimeSpan.FromMinutes(30) });
        return value;
    }

    /// <summary>Published content changed: forget every answer.</summary>
    public void Invalidate() => Interlocked.Increment(ref _generation);

    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, object> _tables = new(StringComparer.Ordinal);

    /// <summary>
    /// A table of this cache's generations for values read many times per request (a search's ten body texts): a plain
    /// dictionary lookup, where <see cref="GetOrLoadAsync"/> costs a boxed key, a closure and a task per value. At most
    /// <paramref name="maxWeight"/> (as the caller weighs its values) is kept, then the table starts afresh. Null when
    /// caching is off.
    /// </summary>
    public GenerationTable<T>? Table<T>(string name, long maxWeight) where T : class =>
        Enabled ? (GenerationTable<T>)_tables.GetOrAdd(name, static (_, state) => new GenerationTable<T>(state.Cache, state.MaxWeight), (Cache: this, MaxWeight: maxWeight)) : null;

    /// <summary>Values of the current generation only; see <see cref="Table{T}"/>.</summary>
    public sealed class GenerationTable<T>(ContentReadCache cache, long maxWeight) where T : class
    {
        private Values _current = new(-1);

        private sealed class Values(long generation)
        {
            public readonly long Generation = generation;
            public readonly System.Collections.Concurrent.ConcurrentDictionary<string, T> Items = new(StringComparer.Ordinal);
            public long Weight;
        }

        public bool TryGet(string key, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out T? value)
        {
            var current = Volatile.Read(ref _current);
            value = null;
            return current.Generation == cache.Generation && current.Items.TryGetValue(key, out value);
        }

        /// <summary>
        /// Keeps a value loaded during <paramref name="loadedIn"/> (<see cref="Generation"/> before loading): only if no
        /// change has landed since, which the value might not contain.
        /// </summary>
        public void Add(string key, T value, long loadedIn, long weight)
        {
            if (cache.Generation != loadedIn) return;
            var current = Volatile.Read(ref _current);
            if (current.Generation < loadedIn)
            {
                Interlocked.CompareExchange(ref _current, new Values(loadedIn), current);
                current = Volatile.Read(ref _current);
            }
            if (current.Generation != loadedIn) return;
            if (Interlocked.Add(ref current.Weight, weight) > maxWeight)
            {
                current.Items.Clear();
                Interlocked.Exchange(ref current.Weight, weight);
            }
            current.Items[key] = value;
        }
    }

    /// <summary>The change log position this node has seen; a follower invalidates when the log moves past it.</summary>
    internal bool Advance(long position)
    {
        var seen = Interlocked.Read(ref _changeLogPosition);
        if (position <= seen) return false;
        Interlocked.Exchange(ref _changeLogPosition, position);
        return true;
    }
}

/// <summary>Forgets cached answers as soon as this node commits a change.</summary>
public sealed class ContentReadCacheInvalidation(ContentReadCache cache) : IContentChangeHandler
{
    public Task ContentChangedAsync(ContentChangeLogEntry change, CancellationToken ct)
    {
        cache.Advance(change.Sequence);
        cache.Invalidate();
        return Task.CompletedTask;
    }
}

/// <summary>
/// Follows the change log for changes made by other nodes (several web nodes on one PostgreSQL database): when the
/// log moved, the caches on this node are dropped, within <see cref="Interval"/>.
/// </summary>
public sealed class ChangeLogFollower(IServiceScopeFactory scopes, ContentReadCache cache, SetupState setup, ILogger<ChangeLogFollower> logger) : BackgroundService
{
    public static readonly TimeSpan Interval = TimeSpan.FromSeconds(1);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await setup.Ready.WaitAsync(stoppingToken);
        using var timer = new PeriodicTimer(Interval);
        do
        {
            try
            {
                await using var scope = scopes.CreateAsyncScope();
                var db = scope.ServiceProvider.GetRequiredService<LerendeRegioDbContext>();
                var last = await db.ChangeLog.MaxAsync(c => (long?)c.Sequence, stoppingToken) ?? 0;
                if (cache.Advance(last))
                {
                    cache.Invalidate();
                    foreach (var handler in scope.ServiceProvider.GetServices<IContentChangeHandler>().OfType<IRemoteContentChangeHandler>())
                        await handler.RemoteContentChangedAsync(stoppingToken);
                }
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                logger.LogWarning(e, "Could not read the content change log; caches stay as they are until the next try");
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }
}

/// <summary>A change handler that also wants to hear of changes other nodes made (for example, to drop cached pages).</summary>
public interface IRemoteContentChangeHandler
{
    Task RemoteContentChangedAsync(CancellationToken ct);
}
