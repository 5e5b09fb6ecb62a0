using System.Text.Json;
using LerendeRegio.Web.Data;
using Microsoft.EntityFrameworkCore;

namespace LerendeRegio.Web.Site;

/// <summary>The site settings document, cached; recipes and (later) the settings page write it.</summary>
public sealed class SiteSettingsStore(IServiceScopeFactory scopes)
{
    public const string RecordName = "Site";
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);
    private volatile SiteSettings? _settings;

    public async Task<SiteSettings> GetAsync(CancellationToken ct = default)
    {
        if (_settings is { } cached) return cached;
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<LerendeRegioDbContext>();
        var settings = await LoadAsync(db, ct);
        _settings = settings;
        return settings;
    }

    public static async Task<SiteSettings> LoadAsync(LerendeRegioDbContext db, CancellationToken ct)
    {
        var record = await db.Settings.AsNoTracking().FirstOrDefaultAsync(s => s.Name == RecordName, ct);
        return record is null ? new SiteSettings() : JsonSerializer.Deserialize<SiteSettings>(record.Json, Json) ?? new SiteSettings();
    }

    public static async Task SaveAsync(LerendeRegioDbContext db, SiteSettings settings, CancellationToken ct)
    {
        var json = JsonSerializer.Serialize(settings, Json);
        var record = await db.Settings.FirstOrDefaultAsync(s => s.Name == RecordName, ct);
        if (record is null) db.Settings.Add(new SettingsRecord { Name = RecordName, Json = json });
        else if (record.Json != json) record.Json = json;
        await db.SaveChangesAsync(ct);
    }

    public void Invalidate() => _settings = null;
}
