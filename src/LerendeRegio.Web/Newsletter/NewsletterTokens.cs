using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;
using LerendeRegio.Web.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.AspNetCore.WebUtilities;

namespace LerendeRegio.Web.Newsletter;

public enum TokenPurpose : byte
{
    Confirm = 1,
    Manage = 2,
}

/// <summary>A token's content once its signature checked out; <see cref="Expired"/> is for the caller to weigh.</summary>
public readonly record struct TokenClaim(long SubscriberId, TokenPurpose Purpose, DateTime ExpiresUtc, bool Expired);

/// <summary>
/// Signed links in mail (confirm, preferences, unsubscribe) without a password. A token names the subscriber row and
/// its expiry; the HMAC also covers the address, so a token only works for the address it was sent to (after an
/// erasure and a new subscription the old links no longer reach the new row). The address itself is not in the link.
/// The key lives in the database: every node and the command line sign and check alike.
/// </summary>
public sealed class NewsletterTokens(IServiceScopeFactory scopes, TimeProvider clock)
{
    private const int MacLength = 16;
    private byte[]? _key;

    public async Task<string> CreateAsync(Subscriber subscriber, TokenPurpose purpose, TimeSpan lifetime, CancellationToken ct = default)
    {
        var key = await KeyAsync(ct);
        var payload = new byte[1 + 8 + 8];
        payload[0] = (byte)purpose;
        BinaryPrimitives.WriteInt64BigEndian(payload.AsSpan(1), subscriber.Id);
        BinaryPrimitives.WriteInt64BigEndian(payload.AsSpan(9), new DateTimeOffset(clock.GetUtcNow().UtcDateTime + lifetime).ToUnixTimeSeconds());
        return WebEncoders.Base64UrlEncode([.. payload, .. Mac(key, payload, subscriber.Email)]);
    }

    /// <summary>Reads a token without checking the address yet (that needs the row): null when it is malformed.</summary>
    public static (TokenClaim Claim, byte[] Payload, byte[] Mac)? Parse(string? token, DateTime nowUtc)
    {
        if (string.IsNullOrEmpty(token) || token.Length > 100) return null;
        byte[] bytes;
        try
        {
            bytes = WebEncoders.Base64UrlDecode(token);
        }
        catch (FormatException)
        {
            return null;
        }
        if (bytes.Length != 17 + MacLength || bytes[0] is not ((byte)TokenPurpose.Confirm or (byte)TokenPurpose.Manage)) return null;
        var id = BinaryPrimitives.ReadInt64BigEndian(bytes.AsSpan(1));
        var expires = DateTimeOffset.FromUnixTimeSeconds(Math.Clamp(BinaryPrimitives.ReadInt64BigEndian(bytes.AsSpan(9)), 0, 253402300799)).UtcDateTime;
        return (new TokenClaim(id, (TokenPurpose)bytes[0], expires, expires < nowUtc), bytes[..17], bytes[17..]);
    }

    /// <summary>The subscriber a token was made for, if its signature matches that subscriber's address; the claim says whether it expired.</summary>
    public async Task<(Subscriber Subscriber, TokenClaim Claim)?> ResolveAsync(LerendeRegioDbContext db, string? token, TokenPurpose purpose, CancellationToken ct = default)
    {
        if (Parse(token, clock.GetUtcNow().UtcDateTime) is not var (claim, payload, mac) || claim.Purpose != purpose) return null;
        var subscriber = await db.Set<Subscriber>().FirstOrDefaultAsync(s => s.Id == claim.SubscriberId, ct);
        if (subscriber is null) return null;
        var key = await KeyAsync(ct);
        return CryptographicOperations.FixedTimeEquals(mac, Mac(key, payload, subscriber.Email)) ? (subscriber, claim) : null;
    }

    private static byte[] Mac(byte[] key, byte[] payload, string email) =>
        HMACSHA256.HashData(key, (byte[])[.. payload, .. Encoding.UTF8.GetBytes(email)])[..MacLength];

    private async Task<byte[]> KeyAsync(CancellationToken ct)
    {
        if (_key is not null) return _key;
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<LerendeRegioDbContext>();
        var stored = await db.Set<NewsletterKey>().AsNoTracking().FirstOrDefaultAsync(k => k.Id == 1, ct);
        if (stored is null)
        {
            try
            {
                db.Add(new NewsletterKey { Id = 1, Key = RandomNumberGenerator.GetBytes(32) });
                await db.SaveChangesAsync(ct);
            }
            catch (DbUpdateException)
            {
                // Another node or process made the key first: use theirs.
            }
            db.ChangeTracker.Clear();
            stored = await db.Set<NewsletterKey>().AsNoTracking().FirstAsync(k => k.Id == 1, ct);
        }
        return _key = stored.Key;
    }
}
