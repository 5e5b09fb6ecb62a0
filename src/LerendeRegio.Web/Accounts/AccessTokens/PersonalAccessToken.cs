using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace LerendeRegio.Web.Accounts.AccessTokens;

public enum TokenScope
{
    /// <summary>Reads, also of what the user may see beyond the public site (own drafts).</summary>
    Read = 1,
    /// <summary>Reads and writes: create drafts, update, submit, publish where the user's role allows.</summary>
    Write = 2,
}

/// <summary>
/// A personal access token: it acts for its user, with the user's role, limited to its scope and until it expires or is
/// revoked. Only a SHA-256 hash is stored: the token is 256 random bits, so a slow password hash would add nothing.
/// </summary>
public sealed class PersonalAccessToken
{
    public required string Id { get; set; }
    public required string UserId { get; set; }
    public required string Name { get; set; }
    /// <summary>The first characters of the token, so its owner can tell tokens apart.</summary>
    public required string Prefix { get; set; }
    public required string Hash { get; set; }
    public TokenScope Scope { get; set; }
    public DateTime CreatedUtc { get; set; }
    public DateTime ExpiresUtc { get; set; }
    public DateTime? LastUsedUtc { get; set; }
    public DateTime? RevokedUtc { get; set; }

    public bool IsActive(DateTime now) => RevokedUtc is null && ExpiresUtc > now;
}

public sealed class PersonalAccessTokenConfiguration : IEntityTypeConfiguration<PersonalAccessToken>
{
    public void Configure(EntityTypeBuilder<PersonalAccessToken> builder)
    {
        var e = builder;
        e.ToTable("PersonalAccessTokens");
        e.HasKey(x => x.Id);
        e.Property(x => x.Id).HasMaxLength(32);
        e.Property(x => x.UserId).HasMaxLength(450);
        e.Property(x => x.Name).HasMaxLength(100);
        e.Property(x => x.Prefix).HasMaxLength(16);
        e.Property(x => x.Hash).HasMaxLength(64);
        e.HasIndex(x => x.Hash).IsUnique();
        e.HasIndex(x => x.UserId);
        e.HasOne<Microsoft.AspNetCore.Identity.IdentityUser>().WithMany().HasForeignKey(x => x.UserId).OnDelete(DeleteBehavior.Cascade);
    }
}
