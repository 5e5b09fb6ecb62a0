using System.Threading.Channels;
using LerendeRegio.Web.Content;
using LerendeRegio.Web.Setup;
using Microsoft.AspNetCore.OutputCaching;
using Microsoft.Extensions.Options;

namespace LerendeRegio.Web.Search;

/// <summary>
/// Keeps this node's index in step with the change log: at start it opens (or rebuilds) the index and catches up;
/// then it applies new entries at once when this node changed content, and at least every second for changes made
/// by other nodes.
/// </summary>
public sealed class SearchIndexer(
    SearchIndex index,
    SearchIndexSignal signal,
    SetupState setup,
    IOptions<LerendeRegioOptions> options,
    IOutputCacheStore pageCache,
    ILogger<SearchIndexer> logger) : BackgroundService
{
    public static readonly TimeSpan PollInterval = TimeSpan.FromSeconds(1);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!options.Value.SearchIndex) return;
        await setup.Ready.WaitAsync(stoppingToken);
        await Task.Yield();
        try
        {
            await index.OpenOrRebuildAsync(stoppingToken);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            logger.LogError(e, "The search index could not be opened or rebuilt; search stays unavailable");
            return;
        }
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                var applied = 0;
                while (await index.CatchUpAsync(stoppingToken) is var n && n > 0) applied += n;
                // Pages were evicted at publication, but a search answered before the index caught up may have been
                // cached since; once the index has the change, drop cached answers again.
                if (applied > 0) await pageCache.EvictByTagAsync(Site.OutputCacheEviction.Tag, stoppingToken);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                logger.LogWarning(e, "Search index catch-up failed; trying again");
            }
            await signal.WaitAsync(PollInterval, stoppingToken);
        }
    }
}

/// <summary>Wakes the indexer as soon as this node commits a change, so its own changes are searchable at once.</summary>
public sealed class SearchIndexSignal : IContentChangeHandler
{
    private readonly Channel<bool> _channel = Channel.CreateBounded<bool>(new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropWrite });

    public Task ContentChangedAsync(ContentChangeLogEntry change, CancellationToken ct)
    {
        _channel.Writer.TryWrite(true);
        return Task.CompletedTask;
    }

    internal async Task WaitAsync(TimeSpan timeout, CancellationToken ct)
    {
        using var timeoutSource = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timeoutSource.CancelAfter(timeout);
        try
        {
            await _channel.Reader.ReadAsync(timeoutSource.Token);
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
        }
    }
}
