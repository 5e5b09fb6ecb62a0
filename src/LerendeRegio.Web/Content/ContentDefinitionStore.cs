using System.Text.Json;
using LerendeRegio.Web.Data;
using Microsoft.EntityFrameworkCore;

namespace LerendeRegio.Web.Content;

/// <summary>The content type definitions, read once from the database and kept until a recipe changes them.</summary>
public sealed class ContentDefinitionStore(IServiceScopeFactory scopes)
{
    internal static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { WriteIndented = false };

    private volatile IReadOnlyDictionary<string, ContentTypeDefinition>? _types;

    public Task<IReadOnlyDictionary<string, ContentTypeDefinition>> GetTypesAsync(CancellationToken ct = default) => GetTypesAsync(null, ct);

    /// <param name="db">Read through this context when given (inside a recipe's transaction); otherwise a new scope.</param>
    public async Task<IReadOnlyDictionary<string, ContentTypeDefinition>> GetTypesAsync(LerendeRegioDbContext? db, CancellationToken ct)
    {
        if (_types is { } cached) return cached;
        if (db is null)
        {
            await using var scope = scopes.CreateAsyncScope();
            return await GetTypesAsync(scope.ServiceProvider.GetRequiredService<LerendeRegioDbContext>(), ct);
        }
        var records = await db.ContentTypes.AsNoTracking().ToListAsync(ct);
        var types = records
            .Select(r => JsonSerializer.Deserialize<ContentTypeDefinition>(r.Definition, Json)!)
            .ToDictionary(t => t.Name, StringComparer.Ordinal);
        _types = types;
        return types;
    }

    public async Task<ContentTypeDefinition?> GetTypeAsync(string name, CancellationToken ct = default) =>
        (await GetTypesAsync(ct)).GetValueOrDefault(name);

    public async Task<ContentTypeDefinition?> GetByRoutePrefixAsync(string prefix, CancellationToken ct = default) =>
        (await GetTypesAsync(ct)).Values.FirstOrDefault(t => string.Equals(t.RoutePrefix, prefix, StringComparison.OrdinalIgnoreCase));

    /// <summary>The definitions if loaded (always after setup); for code that cannot wait, like route constraints.</summary>
    public IReadOnlyDictionary<string, ContentTypeDefinition>? Loaded => _types;

    public void Invalidate() => _types = null;
}
