using LerendeRegio.Web.Content;
using LerendeRegio.Web.Recipes;
using LerendeRegio.Web.Site;
using LerendeRegio.Web.Vocabularies;
using Microsoft.AspNetCore.DataProtection.EntityFrameworkCore;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Identity.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;

namespace LerendeRegio.Web.Data;

/// <summary>
/// The one database of the site. Provider-specific subclasses (<see cref="SqliteDbContext"/>,
/// <see cref="PostgresDbContext"/>) exist only so that each provider keeps its own migrations.
/// </summary>
public abstract class LerendeRegioDbContext(DbContextOptions options) : IdentityDbContext<IdentityUser, IdentityRole, string>(options), IDataProtectionKeyContext
{
    /// <summary>Keys that protect sign-in cookies, antiforgery and mail links: in the database, so every node shares them and a restart keeps them.</summary>
    public DbSet<DataProtectionKey> DataProtectionKeys => Set<DataProtectionKey>();

    public DbSet<ContentItemVersion> ContentItems => Set<ContentItemVersion>();
    public DbSet<ContentTermIndex> ContentTerms => Set<ContentTermIndex>();
    public DbSet<ContentLinkIndex> ContentLinks => Set<ContentLinkIndex>();
    public DbSet<ContentChangeLogEntry> ChangeLog => Set<ContentChangeLogEntry>();
    public DbSet<ContentTypeRecord> ContentTypes => Set<ContentTypeRecord>();
    public DbSet<Vocabulary> Vocabularies => Set<Vocabulary>();
    public DbSet<Term> Terms => Set<Term>();
    public DbSet<SettingsRecord> Settings => Set<SettingsRecord>();
    public DbSet<RecipeExecution> RecipeExecutions => Set<RecipeExecution>();

    protected override void OnModelCreating(ModelBuilder builder)
    {
        base.OnModelCreating(builder);

        builder.Entity<ContentItemVersion>(e =>
        {
            e.ToTable("ContentItemVersions");
            e.Property(x => x.ContentItemId).HasMaxLength(ContentIds.MaxLength);
            e.Property(x => x.ContentItemVersionId).HasMaxLength(64);
            e.Property(x => x.ContentType).HasMaxLength(64);
            e.Property(x => x.DisplayText).HasMaxLength(400);
            e.Property(x => x.Slug).HasMaxLength(200);
            e.Property(x => x.Owner).HasMaxLength(64);
            e.Property(x => x.Author).HasMaxLength(256);
            e.Property(x => x.Summary).HasMaxLength(1000);
            e.Property(x => x.Revision).IsConcurrencyToken();
            e.HasIndex(x => x.ContentItemVersionId).IsUnique();
            e.HasIndex(x => new { x.ContentItemId, x.Latest });
            e.HasIndex(x => new { x.ContentItemId, x.Published });
            e.HasIndex(x => new { x.ContentType, x.Published, x.PublishedUtc });
            e.HasIndex(x => new { x.ContentType, x.Slug });
            e.HasMany(x => x.Terms).WithOne().HasForeignKey(x => x.ContentItemVersionRecordId).OnDelete(DeleteBehavior.Cascade);
            e.HasMany(x => x.Links).WithOne().HasForeignKey(x => x.ContentItemVersionRecordId).OnDelete(DeleteBehavior.Cascade);
        });
        builder.Entity<ContentTermIndex>(e =>
        {
            e.Property(x => x.Field).HasMaxLength(64);
            e.Property(x => x.Vocabulary).HasMaxLength(64);
            e.Property(x => x.TermId).HasMaxLength(128);
            e.HasIndex(x => new { x.Vocabulary, x.TermId });
        });
        builder.Entity<ContentLinkIndex>(e =>
        {
            e.Property(x => x.Field).HasMaxLength(64);
            e.Property(x => x.TargetContentItemId).HasMaxLength(ContentIds.MaxLength);
            e.HasIndex(x => x.TargetContentItemId);
        });
        builder.Entity<ContentChangeLogEntry>(e =>
        {
            e.ToTable("ContentChangeLog");
            e.HasKey(x => x.Sequence);
            e.Property(x => x.Sequence).ValueGeneratedOnAdd();
            e.Property(x => x.ContentItemId).HasMaxLength(ContentIds.MaxLength);
            e.Property(x => x.ContentType).HasMaxLength(64);
            e.Property(x => x.ContentItemVersionId).HasMaxLength(64);
        });
        builder.Entity<ContentTypeRecord>(e =>
        {
            e.HasKey(x => x.Name);
            e.Property(x => x.Name).HasMaxLength(64);
        });
        builder.Entity<Vocabulary>(e =>
        {
            e.HasKey(x => x.Name);
            e.Property(x => x.Name).HasMaxLength(64);
            e.Property(x => x.DisplayName).HasMaxLength(200);
            e.Property(x => x.PluralDisplayName).HasMaxLength(200);
            e.HasMany(x => x.Terms).WithOne().HasForeignKey(x => x.VocabularyName).OnDelete(DeleteBehavior.Cascade);
        });
        builder.Entity<Term>(e =>
        {
            e.HasKey(x => new { x.VocabularyName, x.Id });
            e.Property(x => x.VocabularyName).HasMaxLength(64);
            e.Property(x => x.Id).HasMaxLength(128);
            e.Property(x => x.DisplayName).HasMaxLength(200);
        });
        builder.Entity<SettingsRecord>(e =>
        {
            e.HasKey(x => x.Name);
            e.Property(x => x.Name).HasMaxLength(64);
        });
        builder.Entity<RecipeExecution>(e =>
        {
            e.Property(x => x.RecipeName).HasMaxLength(128);
            e.Property(x => x.FileHash).HasMaxLength(64);
            e.HasIndex(x => x.RecipeName);
        });

        // Features outside the content core (accounts, newsletter, media, …) configure their own tables with an
        // IEntityTypeConfiguration<T> next to their code, so adding a feature does not touch this file.
        builder.ApplyConfigurationsFromAssembly(typeof(LerendeRegioDbContext).Assembly);
    }
}

public sealed class SqliteDbContext(DbContextOptions<SqliteDbContext> options) : LerendeRegioDbContext(options);

public sealed class PostgresDbContext(DbContextOptions<PostgresDbContext> options) : LerendeRegioDbContext(options);
