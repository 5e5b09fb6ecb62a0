using System.Security.Cryptography;
using System.Text;
using LerendeRegio.Web.Data;
using Microsoft.EntityFrameworkCore;

namespace LerendeRegio.Web.Accounts.AccessTokens;

/// <summary>Creates, lists, revokes and checks personal access tokens.</summary>
public sealed class AccessTokenService(LerendeRegioDbContext db, TimeProvider clock)
{
    /// <summary>Every token starts with this, so secret scanners (and people) recognise a leaked one.</summary>
    public const string TokenPrefix = "lrpat_";
    public const int MaxActivePerUser = 20;
    public static readonly int[] ExpiryChoicesInDays = [7, 30, 90, 365];

    public sealed record Created(PersonalAccessToken Record, string Token);

    public async Task<Created> CreateAsync(string userId, string name, TokenScope scope, int days, CancellationToken ct = default)
    {
        if (!ExpiryChoicesInDays.Contains(days)) throw new ArgumentOutOfRangeException(nameof(days));
        var now = clock.GetUtcNow().UtcDateTime;
        var token = TokenPrefix + Base64Url(RandomNumberGenerator.GetBytes(32));
        var record = new PersonalAccessToken
        {
            Id = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(8)),
            UserId = userId,
            Name = name.Trim(),
            Prefix = token[..(TokenPrefix.Length + 6)],
            Hash = HashOf(token),
            Scope = scope,
            CreatedUtc = now,
            ExpiresUtc = now.AddDays(days),
        };
        db.Add(record);
        await db.SaveChangesAsync(ct);
        return new Created(record, token);
    }

    public Task<int> CountActiveAsync(string userId, CancellationToken ct = default)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        return db.Set<PersonalAccessToken>().CountAsync(t => t.UserId == userId && t.RevokedUtc == null && t.ExpiresUtc > now, ct);
    }

    public async Task<IReadOnlyList<PersonalAccessToken>> ListAsync(string userId, CancellationToken ct = default) =>
        (await db.Set<PersonalAccessToken>().AsNoTracking().Where(t => t.UserId == userId).ToListAsync(ct))
            .OrderByDescending(t => t.CreatedUtc).ToList();

    /// <summary>Revokes one of the user's own tokens; false when there is no such token.</summary>
    public async Task<bool> RevokeAsync(string userId, string id, CancellationToken ct = default)
    {
        var token = await db.Set<PersonalAccessToken>().SingleOrDefaultAsync(t => t.Id == id && t.UserId == userId, ct);
        if (token is null) return false;
        token.RevokedUtc ??= clock.GetUtcNow().UtcDateTime;
        await db.SaveChangesAsync(ct);
        return true;
    }

    /// <summary>The active token with this text, or null (unknown, expired or revoked).</summary>
    public async Task<PersonalAccessToken?> FindActiveAsync(string token, CancellationToken ct = default)
    {
        if (!token.StartsWith(TokenPrefix, StringComparison.Ordinal) || token.Length > 100) return null;
        var hash = HashOf(token);
        var record = await db.Set<PersonalAccessToken>().SingleOrDefaultAsync(t => t.Hash == hash, ct);
        var now = clock.GetUtcNow().UtcDateTime;
        if (record is null || !record.IsActive(now)) return null;
        // Written at most every few minutes: a busy client must not turn every read into a write.
        if (record.LastUsedUtc is null || now - record.LastUsedUtc > TimeSpan.FromMinutes(5))
        {
            record.LastUsedUtc = now;
            await db.SaveChangesAsync(ct);
        }
        return record;
    }

    internal static string HashOf(string token) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(token)));

    private static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
