using LerendeRegio.Web.Content;
using LerendeRegio.Web.Data;
using LerendeRegio.Web.Recipes;
using LerendeRegio.Web.Setup;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace LerendeRegio.IntegrationTests;

/// <summary>First start on an empty database: migrations, the setup recipe and the real content; runs on both databases.</summary>
public abstract class SetupTests<TSite>(TSite site) : IClassFixture<TSite> where TSite : SiteFixture
{
    [Fact]
    public void The_model_has_no_changes_without_a_migration()
    {
        using var scope = site.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<LerendeRegioDbContext>();
        Assert.False(db.Database.HasPendingModelChanges(), "The EF model changed without a migration: run `dotnet run --project src/LerendeRegio.Cli -- migrations add <Name>`.");
        Assert.Empty(db.Database.GetPendingMigrations());
    }

    [Fact]
    public async Task The_recipe_creates_the_four_types_the_vocabularies_and_the_roles()
    {
        await using var scope = site.Scope();
        var types = await site.Get<ContentDefinitionStore>(scope).GetTypesAsync();
        Assert.Equal(["Intervention", "LessonLearned", "Project", "SchoolPractice"], types.Keys.Order());
        var vocabularies = await site.Get<LerendeRegio.Web.Vocabularies.VocabularyStore>(scope).GetAllAsync();
        Assert.Equal(["Werken", "Wonen", "Welzijn"], vocabularies.Single(v => v.Name == "pijler").Terms.Select(t => t.DisplayName));
        Assert.Equal(6, vocabularies.Single(v => v.Name == "bewijsniveau").Terms.Count);
        Assert.Equal(5, vocabularies.Single(v => v.Name == "k4k-deelproject").Terms.Count);
        var roles = site.Get<RoleManager<IdentityRole>>(scope);
        foreach (var role in new[] { "Administrator", "Redacteur", "Auteur", "Bijdrager" }) Assert.True(await roles.RoleExistsAsync(role), role);
    }

    [Fact]
    public async Task The_first_administrator_comes_from_configuration()
    {
        await using var scope = site.Scope();
        var users = site.Get<UserManager<IdentityUser>>(scope);
        var admin = await users.FindByEmailAsync(SiteFixture.AdminEmail);
        Assert.NotNull(admin);
        Assert.True(await users.IsInRoleAsync(admin, "Administrator"));
        Assert.True(await users.CheckPasswordAsync(admin, SiteFixture.AdminPassword));
    }

    [Fact]
    public async Task The_seed_holds_the_real_content_the_issue_asks_for()
    {
        await using var scope = site.Scope();
        var queries = site.Get<ContentQueries>(scope);
        var counts = await queries.CountByTypeAsync();
        Assert.True(counts["Project"] >= 35, $"projects: {counts["Project"]}");
        Assert.True(counts["Intervention"] >= 15, $"interventions: {counts["Intervention"]}");
        Assert.True(counts["SchoolPractice"] >= 10, $"practices: {counts["SchoolPractice"]}");
        Assert.True(counts["LessonLearned"] >= 20, $"lessons: {counts["LessonLearned"]}");
        var subProjects = await queries.CountTermsAsync(new ContentListQuery { ContentTypes = ["SchoolPractice"] }, "k4k-deelproject");
        Assert.Equal(5, subProjects.Count(c => c.Value > 0));

        var k4k = await queries.GetHeadersAsync(["project-kansen4kinderen"]);
        Assert.Equal("Kansen4Kinderen", Assert.Single(k4k).DisplayText);
        Assert.NotEmpty(await queries.GetReferencingAsync("project-kansen4kinderen"));
    }

    [Fact]
    public async Task Running_the_recipe_again_changes_nothing()
    {
        await using var scope = site.Scope();
        var db = site.Get<LerendeRegioDbContext>(scope);
        async Task<(int, long, int, int, int)> Snapshot() => (
            await db.ContentItems.CountAsync(),
            await db.ChangeLog.MaxAsync(c => c.Sequence),
            await db.Terms.CountAsync(),
            await db.RoleClaims.CountAsync(),
            await db.ContentTypes.CountAsync());
        var before = await Snapshot();
        var revisions = await db.ContentItems.AsNoTracking().OrderBy(v => v.Id).Select(v => v.Revision).ToListAsync();

        var file = SetupService.RecipeFile(new LerendeRegioOptions());
        await site.Get<RecipeRunner>(scope).RunAsync(file);

        Assert.Equal(before, await Snapshot());
        Assert.Equal(revisions, await db.ContentItems.AsNoTracking().OrderBy(v => v.Id).Select(v => v.Revision).ToListAsync());
    }
}

public sealed class SqliteSetupTests(SqliteSite site) : SetupTests<SqliteSite>(site);

public sealed class PostgresSetupTests(PostgresSite site) : SetupTests<PostgresSite>(site);
