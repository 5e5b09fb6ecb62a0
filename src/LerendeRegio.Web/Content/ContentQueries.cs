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
    public int Page { get; init; } = 1;
    public int PageSize { get; init; } = 12;
}

public sealed record PagedResult<T>(IReadOnlyList<T> Items, int Total, int Page, int PageSize)
{
    public int PageCount => Math.Max(1, (Total + PageSize - 1) / PageSize);
}

/// <summary>Read-only questions about published content, for pages and the API. Drafts never come out of here.</summary>
public sealed class ContentQueries(LerendeRegioDbContext db)
{
    public async Task<ContentItem?> GetPublishedBySlugAsync(string contentType, string slug, CancellationToken ct = default)
    {
        var record = await db.ContentItems.AsNoTracking()
            .FirstOrDefaultAsync(v => v.Published && v.ContentType == contentType && v.Slug == slug, ct);
        return record is null ? null : new ContentItem(record);
    }

    public async Task<PagedResult<ContentItem>> ListAsync(ContentListQuery query, CancellationToken ct = default)
    {
        var q = Filter(query);
        var total = await q.CountAsync(ct);
        var records = await q.OrderByDescending(v => v.PublishedUtc).ThenBy(v => v.DisplayText)
            .Skip((query.Page - 1) * query.PageSize).Take(query.PageSize).ToListAsync(ct);
        return new([.. records.Select(r => new ContentItem(r))], total, query.Page, query.PageSize);
    }

    /// <summary>How many published items of the query carry each term of a vocabulary (filter counts).</summary>
    public async Task<IReadOnlyDictionary<string, int>> CountTermsAsync(ContentListQuery query, string vocabulary, CancellationToken ct = default)
    {
        // Counts ignore the query's own filter on this vocabulary, so the other choices stay visible with their counts.
        var others = query with { Terms = [.. query.Terms.Where(t => t.Vocabulary != vocabulary)] };
        var ids = Filter(others).Select(v => v.Id);
        return await db.ContentTerms.AsNoTracking()
            .Where(t => t.Vocabulary == vocabulary && ids.Contains(t.ContentItemVersionRecordId))
            .GroupBy(t => t.TermId)
            .Select(g => new { g.Key, Count = g.Select(t => t.ContentItemVersionRecordId).Distinct().Count() })
            .ToDictionaryAsync(x => x.Key, x => x.Count, ct);
    }

    public async Task<IReadOnlyList<ContentItem>> GetPublishedAsync(IEnumerable<string> contentItemIds, CancellationToken ct = default)
    {
        var ids = contentItemIds.Distinct().ToList();
        if (ids.Count == 0) return [];
        var records = await db.ContentItems.AsNoTracking().Where(v => v.Published && ids.Contains(v.ContentItemId)).ToListAsync(ct);
        return [.. records.OrderBy(r => ids.IndexOf(r.ContentItemId)).Select(r => new ContentItem(r))];
    }

    /// <summary>Published items that link to the given item (a project's interventions, practices and lessons).</summary>
    public async Task<IReadOnlyList<ContentItem>> GetReferencingAsync(string contentItemId, CancellationToken ct = default)
    {
        var records = await db.ContentItems.AsNoTracking()
            .Where(v => v.Published && v.Links.Any(l => l.TargetContentItemId == contentItemId))
            .OrderBy(v => v.ContentType).ThenBy(v => v.DisplayText)
            .ToListAsync(ct);
        return [.. records.Select(r => new ContentItem(r))];
    }

    public async Task<IReadOnlyDictionary<string, int>> CountByTypeAsync(CancellationToken ct = default) =>
        await db.ContentItems.AsNoTracking().Where(v => v.Published).GroupBy(v => v.ContentType)
            .Select(g => new { g.Key, Count = g.Count() }).ToDictionaryAsync(x => x.Key, x => x.Count, ct);

    private IQueryable<ContentItemVersion> Filter(ContentListQuery query)
    {
        var q = db.ContentItems.AsNoTracking().Where(v => v.Published);
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
        return q;
    }
}
