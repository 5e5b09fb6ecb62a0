using LerendeRegio.Web.Data;
using Microsoft.EntityFrameworkCore;

namespace LerendeRegio.Web.Content;

/// <summary>A filter on one vocabulary: items carrying any of <see cref="TermIds"/> match.</summary>
public sealed record TermFilter(string Vocabulary, IReadOnlyList<string> TermIds);

public sealed record ContentListQuery
{
    public IReadOnlyList<string> ContentTypes { get; init; } = [];
    /// <summary>Within one vocabulary the terms are alternatives; different vocabularies must all match.</summary>
    public IReadOnlyList<TermFilter> Terms { get; init; } = [];
    /// <summary>Only items first published at or after this instant (UTC).</summary>
    public DateTime? PublishedSince { get; init; }
    /// <summary>Only items first published before this instant (UTC).</summary>
    public DateTime? PublishedBefore { get; init; }
    /// <summary>Only items whose published version changed at or after this instant (UTC): for clients that keep a copy.</summary>
    public DateTime? ModifiedSince { get; init; }
    public int Page { get; init; } = 1;
    public int PageSize { get; init; } = 12;
}

/// <summary>What lists and cards need of a published item, read without its field document.</summary>
public sealed record ContentHeader(
    long VersionRecordId,
    string ContentItemId,
    string ContentType,
    string DisplayText,
    string Slug,
    DateTime? PublishedUtc,
    string? Summary)
{
    /// <summary>The item's vocabulary terms as (vocabulary, term id), from the term index.</summary>
    public IReadOnlyList<(string Vocabulary, string TermId)> Terms { get; init; } = [];

    /// <summary>Last change to the published version; read by <see cref="ContentQueries.SliceAsync"/> and <see cref="ContentQueries.GetNeighboursAsync"/> (feeds, sitemap, API).</summary>
    public DateTime? ModifiedUtc { get; init; }
}

/// <summary>
/// A position in the newest-first order of published items (publication time, then id). Paging by position instead of
/// by page number keeps pages stable while items are published: a new item lands before the first page, not inside one.
/// </summary>
public sealed record ContentCursor(DateTime PublishedUtc, string ContentItemId);

/// <summary>Items after a cursor, and the cursor of the last one when more follow.</summary>
public sealed record ContentSlice(IReadOnlyList<ContentHeader> Items, ContentCursor? Next);

public sealed record PagedResult<T>(IReadOnlyList<T> Items, int Total, int Page, int PageSize)
{
    public int PageCount => Math.Max(1, (Total + PageSize - 1) / PageSize);
}

/// <summary>Read-only questions about published content, for pages and the API. Drafts never come out of here.</summary>
/// <remarks>
/// The database context is taken from the request's scope only when a question is not answered from the read cache:
/// most are, and renting a pooled context and handing it back on every request was 2% of a search request's CPU.
/// </remarks>
public sealed class ContentQueries(IServiceProvider services, ContentReadCache cache)
{
    private LerendeRegioDbContext? _db;

    private LerendeRegioDbContext Db => _db ??= services.GetRequiredService<LerendeRegioDbContext>();

    // Rough sizes in bytes for the memory cache's size limit.
    private const int ItemSize = 8_000, HeaderSize = 600;

    public Task<ContentItem?> GetPublishedBySlugAsync(string contentType, string slug, CancellationToken ct = default) =>
        cache.GetOrLoadAsync((nameof(GetPublishedBySlugAsync), contentType, slug), () => LoadBySlugAsync(contentType, slug, ct), ItemSize);

    private async Task<ContentItem?> LoadBySlugAsync(string contentType, string slug, CancellationToken ct)
    {
        var record = await Db.ContentItems.AsNoTracking()
            .FirstOrDefaultAsync(v => v.Published && v.ContentType == contentType && v.Slug == slug, ct);
        return record is null ? null : new ContentItem(record);
    }

    public Task<PagedResult<ContentHeader>> ListAsync(ContentListQuery query, CancellationToken ct = default) =>
        cache.GetOrLoadAsync((nameof(ListAsync), Key(query)), () => LoadListAsync(query, ct), HeaderSize * query.PageSize);

    private async Task<PagedResult<ContentHeader>> LoadListAsync(ContentListQuery query, CancellationToken ct)
    {
        var q = Filter(query);
        var total = await q.CountAsync(ct);
        var page = q.OrderByDescending(v => v.PublishedUtc).ThenBy(v => v.DisplayText)
            .Skip((query.Page - 1) * query.PageSize).Take(query.PageSize);
        return new(await HeadersAsync(page, ct), total, query.Page, query.PageSize);
    }

    /// <summary>
    /// Published items of the query, newest first, after <paramref name="after"/> (keyset paging; the query's
    /// <see cref="ContentListQuery.Page"/> and <see cref="ContentListQuery.PageSize"/> are ignored).
    /// </summary>
    public Task<ContentSlice> SliceAsync(ContentListQuery query, ContentCursor? after, int limit, CancellationToken ct = default) =>
        cache.GetOrLoadAsync((nameof(SliceAsync), Key(query with { Page = 1, PageSize = 0 }), after, limit), () => LoadSliceAsync(query, after, limit, ct), HeaderSize * Math.Min(limit, 2_000));

    private async Task<ContentSlice> LoadSliceAsync(ContentListQuery query, ContentCursor? after, int limit, CancellationToken ct)
    {
        var q = Filter(query).Where(v => v.PublishedUtc != null);
        if (after is not null)
        {
            // Npgsql maps only UTC DateTimes to timestamptz; SQLite compares the same instant as text.
            var at = DateTime.SpecifyKind(after.PublishedUtc, DateTimeKind.Utc);
            var id = after.ContentItemId;
            q = q.Where(v => v.PublishedUtc < at || (v.PublishedUtc == at && string.Compare(v.ContentItemId, id) > 0));
        }
        var rows = await q.OrderByDescending(v => v.PublishedUtc).ThenBy(v => v.ContentItemId)
            .Take(limit + 1)
            .Select(v => new ContentHeader(v.Id, v.ContentItemId, v.ContentType, v.DisplayText, v.Slug, v.PublishedUtc, v.Summary) { ModifiedUtc = v.ModifiedUtc })
            .ToListAsync(ct);
        var more = rows.Count > limit;
        var items = await WithTermsAsync(more ? rows.GetRange(0, limit) : rows, ct);
        var last = items.Count > 0 ? items[^1] : null;
        return new(items, more && last is not null ? new ContentCursor(last.PublishedUtc!.Value, last.ContentItemId) : null);
    }

    /// <summary>One published item by id, or null (also for drafts and deleted items).</summary>
    public Task<ContentItem?> GetPublishedAsync(string contentItemId, CancellationToken ct = default) =>
        cache.GetOrLoadAsync((nameof(GetPublishedAsync), contentItemId), () => LoadPublishedAsync(contentItemId, ct), ItemSize);

    private async Task<ContentItem?> LoadPublishedAsync(string contentItemId, CancellationToken ct)
    {
        var record = await Db.ContentItems.AsNoTracking().FirstOrDefaultAsync(v => v.Published && v.ContentItemId == contentItemId, ct);
        return record is null ? null : new ContentItem(record);
    }

    /// <summary>
    /// Every published item of a type with its fields, newest first (the open-data export). Not kept in the read cache:
    /// it is large and read rarely; the export's output cache holds the finished file.
    /// </summary>
    public async Task<IReadOnlyList<ContentItem>> GetAllPublishedAsync(string contentType, CancellationToken ct = default)
    {
        var records = await Db.ContentItems.AsNoTracking()
            .Where(v => v.Published && v.ContentType == contentType)
            .OrderByDescending(v => v.PublishedUtc).ThenBy(v => v.ContentItemId)
            .ToListAsync(ct);
        return [.. records.Select(r => new ContentItem(r))];
    }

    /// <summary>How many published items of the query carry each term of a vocabulary (filter counts).</summary>
    public Task<IReadOnlyDictionary<string, int>> CountTermsAsync(ContentListQuery query, string vocabulary, CancellationToken ct = default) =>
        cache.GetOrLoadAsync((nameof(CountTermsAsync), Key(query with { Page = 1, PageSize = 0 }), vocabulary), () => LoadTermCountsAsync(query, vocabulary, ct), 2_000);

    private async Task<IReadOnlyDictionary<string, int>> LoadTermCountsAsync(ContentListQuery query, string vocabulary, CancellationToken ct)
    {
        // Counts ignore the query's own filter on this vocabulary, so the other choices stay visible with their counts.
        var others = query with { Terms = [.. query.Terms.Where(t => t.Vocabulary != vocabulary)] };
        var ids = Filter(others).Select(v => v.Id);
        return await Db.ContentTerms.AsNoTracking()
            .Where(t => t.Vocabulary == vocabulary && ids.Contains(t.ContentItemVersionRecordId))
            .GroupBy(t => t.TermId)
            .Select(g => new { g.Key, Count = g.Select(t => t.ContentItemVersionRecordId).Distinct().Count() })
            .ToDictionaryAsync(x => x.Key, x => x.Count, ct);
    }

    /// <summary>Headers of the published items among <paramref name="contentItemIds"/>, in the order given.</summary>
    public async Task<IReadOnlyList<ContentHeader>> GetHeadersAsync(IEnumerable<string> contentItemIds, CancellationToken ct = default)
    {
        var ids = contentItemIds.Distinct().ToList();
        if (ids.Count == 0) return [];
        var headers = await HeadersAsync(Db.ContentItems.AsNoTracking().Where(v => v.Published && ids.Contains(v.ContentItemId)), ct);
        return [.. headers.OrderBy(h => ids.IndexOf(h.ContentItemId))];
    }

    /// <summary>Published items that link to the given item (a project's interventions, practices and lessons).</summary>
    public async Task<IReadOnlyList<ContentHeader>> GetReferencingAsync(string contentItemId, CancellationToken ct = default) =>
        await HeadersAsync(Db.ContentItems.AsNoTracking()
            .Where(v => v.Published && v.Links.Any(l => l.TargetContentItemId == contentItemId))
            .OrderBy(v => v.ContentType).ThenBy(v => v.DisplayText), ct);

    /// <summary>
    /// In one read: the published items among <paramref name="linkedIds"/> (what an item links to) and those that link
    /// to <paramref name="contentItemId"/>; the detail page needs both.
    /// </summary>
    public Task<(IReadOnlyList<ContentHeader> Linked, IReadOnlyList<ContentHeader> Referencing)> GetNeighboursAsync(
        string contentItemId, IReadOnlyCollection<string> linkedIds, CancellationToken ct = default) =>
        cache.GetOrLoadAsync((nameof(GetNeighboursAsync), contentItemId, string.Join('|', linkedIds)), () => LoadNeighboursAsync(contentItemId, linkedIds, ct), HeaderSize * 10);

    private async Task<(IReadOnlyList<ContentHeader> Linked, IReadOnlyList<ContentHeader> Referencing)> LoadNeighboursAsync(
        string contentItemId, IReadOnlyCollection<string> linkedIds, CancellationToken ct)
    {
        var ids = linkedIds.Distinct().ToList();
        var rows = await Db.ContentItems.AsNoTracking()
            .Where(v => v.Published && (ids.Contains(v.ContentItemId) || v.Links.Any(l => l.TargetContentItemId == contentItemId)))
            .Select(v => new
            {
                Header = new ContentHeader(v.Id, v.ContentItemId, v.ContentType, v.DisplayText, v.Slug, v.PublishedUtc, v.Summary) { ModifiedUtc = v.ModifiedUtc },
                Referencing = v.Links.Any(l => l.TargetContentItemId == contentItemId),
            })
            .ToListAsync(ct);
        var headers = await WithTermsAsync([.. rows.Select(r => r.Header)], ct);
        var referencing = rows.Where(r => r.Referencing).Select(r => r.Header.VersionRecordId).ToHashSet();
        return (
            [.. headers.Where(h => ids.Contains(h.ContentItemId)).OrderBy(h => ids.IndexOf(h.ContentItemId))],
            [.. headers.Where(h => referencing.Contains(h.VersionRecordId)).OrderBy(h => h.ContentType, StringComparer.Ordinal).ThenBy(h => h.DisplayText, StringComparer.Ordinal)]);
    }

    // Two round trips whatever the number of items: the header columns, then their terms.
    private async Task<IReadOnlyList<ContentHeader>> HeadersAsync(IQueryable<ContentItemVersion> query, CancellationToken ct) =>
        await WithTermsAsync(await query
            .Select(v => new ContentHeader(v.Id, v.ContentItemId, v.ContentType, v.DisplayText, v.Slug, v.PublishedUtc, v.Summary))
            .ToListAsync(ct), ct);

    private async Task<IReadOnlyList<ContentHeader>> WithTermsAsync(List<ContentHeader> headers, CancellationToken ct)
    {
        if (headers.Count == 0) return headers;
        var versionIds = headers.Select(h => h.VersionRecordId).ToList();
        var terms = (await Db.ContentTerms.AsNoTracking()
                .Where(t => versionIds.Contains(t.ContentItemVersionRecordId))
                .Select(t => new { t.ContentItemVersionRecordId, t.Vocabulary, t.TermId })
                .ToListAsync(ct))
            .ToLookup(t => t.ContentItemVersionRecordId, t => (t.Vocabulary, t.TermId));
        return [.. headers.Select(h => h with
        {
            PublishedUtc = h.PublishedUtc is { } p ? DateTime.SpecifyKind(p, DateTimeKind.Utc) : null,
            ModifiedUtc = h.ModifiedUtc is { } m ? DateTime.SpecifyKind(m, DateTimeKind.Utc) : null,
            Terms = [.. terms[h.VersionRecordId].Distinct()],
        })];
    }

    public Task<IReadOnlyDictionary<string, int>> CountByTypeAsync(CancellationToken ct = default) =>
        cache.GetOrLoadAsync(nameof(CountByTypeAsync), () => LoadCountByTypeAsync(ct), 200);

    private async Task<IReadOnlyDictionary<string, int>> LoadCountByTypeAsync(CancellationToken ct) =>
        await Db.ContentItems.AsNoTracking().Where(v => v.Published).GroupBy(v => v.ContentType)
            .Select(g => new { g.Key, Count = g.Count() }).ToDictionaryAsync(x => x.Key, x => x.Count, ct);

    private static string Key(ContentListQuery query) =>
        $"{string.Join(',', query.ContentTypes)}|{string.Join(';', query.Terms.Select(t => t.Vocabulary + "=" + string.Join(',', t.TermIds)))}|{query.Page}|{query.PageSize}"
        + $"|{query.PublishedSince?.Ticks}|{query.PublishedBefore?.Ticks}|{query.ModifiedSince?.Ticks}";

    private IQueryable<ContentItemVersion> Filter(ContentListQuery query)
    {
        var q = Db.ContentItems.AsNoTracking().Where(v => v.Published);
        if (query.ContentTypes.Count > 0)
        {
            var types = query.ContentTypes.ToList();
            q = q.Where(v => types.Contains(v.ContentType));
        }
        foreach (var filter in query.Terms)
        {
            var vocabulary = filter.Vocabulary;
            var terms = filter.TermIds.ToList();
            q = q.Where(v => v.Terms.Any(t => t.Vocabulary == vocabulary && terms.Contains(t.TermId)));
        }
        // Npgsql maps only UTC DateTimes to timestamptz.
        if (query.PublishedSince is { } since)
        {
            var at = DateTime.SpecifyKind(since, DateTimeKind.Utc);
            q = q.Where(v => v.PublishedUtc >= at);
        }
        if (query.PublishedBefore is { } before)
        {
            var at = DateTime.SpecifyKind(before, DateTimeKind.Utc);
            q = q.Where(v => v.PublishedUtc < at);
        }
        if (query.ModifiedSince is { } modified)
        {
            var at = DateTime.SpecifyKind(modified, DateTimeKind.Utc);
            q = q.Where(v => v.ModifiedUtc >= at);
        }
        return q;
    }
}
