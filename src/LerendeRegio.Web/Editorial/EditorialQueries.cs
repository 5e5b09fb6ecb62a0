using LerendeRegio.Web.Content;
using LerendeRegio.Web.Data;
using Microsoft.EntityFrameworkCore;

namespace LerendeRegio.Web.Editorial;

/// <summary>One line of a beheer list: an item's newest version and where it stands.</summary>
public sealed record EditorialRow(
    string ContentItemId, string ContentType, string Title, WorkflowState State, bool HasPublishedVersion,
    DateTime ModifiedUtc, string? Author, string? Organisation, string? ReviewComment);

public sealed record EditorialListQuery
{
    public string? ContentType { get; init; }
    public WorkflowState? State { get; init; }
    /// <summary>Only items owned by this account.</summary>
    public string? OwnerId { get; init; }
    public int Page { get; init; } = 1;
    public int PageSize { get; init; } = 25;
}

/// <summary>Lists for the beheer area (dashboards, all content), always within the user's <see cref="ContentScope"/>.</summary>
public sealed class EditorialQueries(LerendeRegioDbContext db)
{
    public async Task<PagedResult<EditorialRow>> ListAsync(ContentScope scope, EditorialListQuery query, CancellationToken ct = default)
    {
        var q = from v in db.ContentItems.AsNoTracking()
                where v.Latest
                join w in db.Set<EditorialItem>().AsNoTracking() on v.ContentItemId equals w.ContentItemId into ws
                from w in ws.DefaultIfEmpty()
                select new { v, w };
        if (!scope.All)
        {
            var owner = scope.OwnerId;
            var organisation = scope.Organisation;
            q = organisation is null
                ? q.Where(x => x.v.Owner == owner)
                : q.Where(x => x.v.Owner == owner || (x.w != null && x.w.Organisation == organisation));
        }
        if (query.OwnerId is { } me) q = q.Where(x => x.v.Owner == me);
        if (query.ContentType is { } type) q = q.Where(x => x.v.ContentType == type);
        q = query.State switch
        {
            WorkflowState.Published => q.Where(x => x.v.Published),
            WorkflowState.InReview => q.Where(x => !x.v.Published && x.w != null && x.w.State == WorkflowState.InReview),
            WorkflowState.SentBack => q.Where(x => !x.v.Published && x.w != null && x.w.State == WorkflowState.SentBack),
            WorkflowState.Draft => q.Where(x => !x.v.Published && (x.w == null || x.w.State == WorkflowState.Draft)),
            _ => q,
        };
        var total = await q.CountAsync(ct);
        var rows = await q.OrderByDescending(x => x.v.ModifiedUtc).ThenBy(x => x.v.ContentItemId)
            .Skip((query.Page - 1) * query.PageSize).Take(query.PageSize)
            .Select(x => new
            {
                x.v.ContentItemId,
                x.v.ContentType,
                x.v.DisplayText,
                x.v.Published,
                State = x.w == null ? (WorkflowState?)null : x.w.State,
                HasPublished = x.v.Published || db.ContentItems.Any(p => p.ContentItemId == x.v.ContentItemId && p.Published),
                x.v.ModifiedUtc,
                x.v.Author,
                Organisation = x.w == null ? null : x.w.Organisation,
                Comment = x.w == null ? null : x.w.ReviewComment,
            })
            .ToListAsync(ct);
        return new([.. rows.Select(r => new EditorialRow(
            r.ContentItemId, r.ContentType, r.DisplayText,
            r.Published ? WorkflowState.Published : r.State ?? WorkflowState.Draft,
            r.HasPublished, DateTime.SpecifyKind(r.ModifiedUtc, DateTimeKind.Utc), r.Author, r.Organisation,
            r.State == WorkflowState.SentBack ? r.Comment : null))], total, query.Page, query.PageSize);
    }

    /// <summary>Published items of the given types, for the linked-item pickers (drafts of others never show there).</summary>
    public async Task<IReadOnlyList<(string Id, string Type, string Title)>> PickableAsync(IReadOnlyCollection<string> types, CancellationToken ct = default)
    {
        var list = types.ToList();
        var rows = await db.ContentItems.AsNoTracking()
            .Where(v => v.Published && (list.Count == 0 || list.Contains(v.ContentType)))
            .OrderBy(v => v.DisplayText)
            .Select(v => new { v.ContentItemId, v.ContentType, v.DisplayText })
            .ToListAsync(ct);
        return [.. rows.Select(r => (r.ContentItemId, r.ContentType, r.DisplayText))];
    }

    /// <summary>Titles of the given items' newest versions (a picker shows what is chosen, published or not).</summary>
    public async Task<IReadOnlyDictionary<string, string>> TitlesAsync(IReadOnlyCollection<string> ids, CancellationToken ct = default)
    {
        if (ids.Count == 0) return new Dictionary<string, string>();
        var list = ids.ToList();
        return await db.ContentItems.AsNoTracking().Where(v => v.Latest && list.Contains(v.ContentItemId))
            .ToDictionaryAsync(v => v.ContentItemId, v => v.DisplayText, ct);
    }

    /// <summary>The organisations accounts and items already use, offered when inviting someone.</summary>
    public async Task<IReadOnlyList<string>> OrganisationsAsync(CancellationToken ct = default) =>
        await db.UserClaims.AsNoTracking().Where(c => c.ClaimType == Accounts.StaffClaims.Organisation && c.ClaimValue != null)
            .Select(c => c.ClaimValue!).Distinct().OrderBy(o => o).ToListAsync(ct);
}
