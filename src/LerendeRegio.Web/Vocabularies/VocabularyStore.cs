using LerendeRegio.Web.Data;
using Microsoft.EntityFrameworkCore;

namespace LerendeRegio.Web.Vocabularies;

/// <summary>All vocabularies and their terms, cached in memory; they are small and read on every page.</summary>
public sealed class VocabularyStore(IServiceScopeFactory scopes)
{
    private volatile IReadOnlyList<Vocabulary>? _all;

    public Task<IReadOnlyList<Vocabulary>> GetAllAsync(CancellationToken ct = default) => GetAllAsync(null, ct);

    /// <param name="db">Read through this context when given (inside a recipe's transaction); otherwise a new scope.</param>
    public async Task<IReadOnlyList<Vocabulary>> GetAllAsync(LerendeRegioDbContext? db, CancellationToken ct)
    {
        if (_all is { } cached) return cached;
        if (db is null)
        {
            await using var scope = scopes.CreateAsyncScope();
            return await GetAllAsync(scope.ServiceProvider.GetRequiredService<LerendeRegioDbContext>(), ct);
        }
        var list = await db.Vocabularies.AsNoTracking().Include(v => v.Terms).OrderBy(v => v.SortOrder).ToListAsync(ct);
        foreach (var v in list) v.Terms.Sort((a, b) => a.SortOrder.CompareTo(b.SortOrder));
        _all = list;
        return list;
    }

    public async Task<Vocabulary?> GetAsync(string name, CancellationToken ct = default) =>
        (await GetAllAsync(ct)).FirstOrDefault(v => v.Name == name);

    public async Task<Term?> GetTermAsync(string vocabulary, string termId, CancellationToken ct = default) =>
        (await GetAsync(vocabulary, ct))?.Terms.FirstOrDefault(t => t.Id == termId);

    public void Invalidate() => _all = null;
}
