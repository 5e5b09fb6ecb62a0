using LerendeRegio.Web.Content;
using Microsoft.AspNetCore.OutputCaching;

namespace LerendeRegio.Web.Site;

/// <summary>Drops cached public pages when published content changes, so a publication shows at once.</summary>
public sealed class OutputCacheEviction(IOutputCacheStore store) : IContentChangeHandler, IRemoteContentChangeHandler
{
    public const string Tag = "content";

    public async Task ContentChangedAsync(ContentChangeLogEntry change, CancellationToken ct) =>
        await store.EvictByTagAsync(Tag, ct);

    public async Task RemoteContentChangedAsync(CancellationToken ct) => await store.EvictByTagAsync(Tag, ct);
}
