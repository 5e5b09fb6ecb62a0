using System.Text.Json.Nodes;
using LerendeRegio.Web.Content;
using LerendeRegio.Web.Data;
using LerendeRegio.Web.Recipes;
using Microsoft.EntityFrameworkCore;

namespace LerendeRegio.IntegrationTests;

/// <summary>A broken recipe says which file, which step and what is wrong, and leaves the site as it was.</summary>
public sealed class RecipeFailureTests(SqliteSite site) : IClassFixture<SqliteSite>, IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("lr-recipe-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private async Task<RecipeException> RunBroken(string stepsJson)
    {
        var file = Path.Combine(_folder, "kapot.recipe.json");
        await File.WriteAllTextAsync(file, $$"""{ "name": "kapot", "steps": {{stepsJson}} }""");
        await using var scope = site.Scope();
        return await Assert.ThrowsAsync<RecipeException>(() => site.Get<RecipeRunner>(scope).RunAsync(file));
    }

    [Fact]
    public async Task Unknown_step_is_named_before_anything_runs()
    {
        var e = await RunBroken("""[{ "name": "Vocabularies", "vocabularies": [{ "name": "nieuw", "displayName": "Nieuw", "terms": [] }] }, { "name": "Koffie" }]""");
        Assert.Equal("Koffie", e.StepName);
        Assert.Equal(1, e.StepIndex);
        Assert.Contains("kapot.recipe.json, stap 2 ('Koffie'): onbekende stap", e.Message, StringComparison.Ordinal);
        await using var scope = site.Scope();
        Assert.False(await site.Get<LerendeRegioDbContext>(scope).Vocabularies.AnyAsync(v => v.Name == "nieuw"));
    }

    [Fact]
    public async Task A_failing_later_step_rolls_back_the_earlier_ones()
    {
        var e = await RunBroken("""
            [{ "name": "Vocabularies", "vocabularies": [{ "name": "tijdelijk", "displayName": "Tijdelijk", "terms": [] }] },
             { "name": "ContentDefinitions", "contentTypes": [{ "name": "Kapot", "displayName": "K", "pluralDisplayName": "K", "routePrefix": "kapot",
               "parts": [{ "name": "P", "fields": [{ "name": "x", "displayName": "X", "kind": "Taxonomy", "vocabulary": "bestaat-niet" }] }] }] }]
            """);
        Assert.Equal("ContentDefinitions", e.StepName);
        Assert.Contains("vocabulaire 'bestaat-niet' bestaat niet", e.Problem, StringComparison.Ordinal);
        await using var scope = site.Scope();
        var db = site.Get<LerendeRegioDbContext>(scope);
        Assert.False(await db.Vocabularies.AnyAsync(v => v.Name == "tijdelijk"));
        Assert.False(await db.ContentTypes.AnyAsync(t => t.Name == "Kapot"));
        Assert.NotNull(await site.Get<ContentDefinitionStore>(scope).GetTypeAsync("Intervention"));
    }

    [Fact]
    public async Task Invalid_json_names_the_line()
    {
        var file = Path.Combine(_folder, "kapot.recipe.json");
        await File.WriteAllTextAsync(file, "{\n  \"name\": \"kapot\",\n  \"steps\": [ oeps ]\n}");
        await using var scope = site.Scope();
        var e = await Assert.ThrowsAsync<RecipeException>(() => site.Get<RecipeRunner>(scope).RunAsync(file));
        Assert.Contains("geen geldige JSON (regel 3)", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Invalid_content_names_the_file_and_field_and_imports_nothing()
    {
        var content = Directory.CreateDirectory(Path.Combine(_folder, "inhoud", "lesson")).FullName;
        await File.WriteAllTextAsync(Path.Combine(content, "lesson-goed.json"), """
            { "id": "lesson-goed", "type": "LessonLearned", "title": "Goede les", "publishedUtc": "2024-01-01",
              "fields": { "samenvatting": "x", "aanleiding": "a", "les": "b", "soort": ["positief"] } }
            """);
        await File.WriteAllTextAsync(Path.Combine(content, "lesson-kapot.json"), """
            { "id": "lesson-kapot", "type": "LessonLearned", "title": "Kapotte les", "publishedUtc": "2024-01-01",
              "fields": { "samenvatting": "x", "aanleiding": "a", "les": "b", "soort": ["positief"], "project": ["project-bestaat-niet"] } }
            """);
        var e = await RunBroken("""[{ "name": "Content", "path": "inhoud" }]""");
        Assert.Contains("lesson/lesson-kapot.json: project: Project: item 'project-bestaat-niet' bestaat niet.", e.Problem, StringComparison.Ordinal);
        await using var scope = site.Scope();
        Assert.Null(await site.Get<ContentManager>(scope).GetAsync("lesson-goed", VersionOptions.Latest));
    }

    [Fact]
    public async Task Changing_a_seed_file_publishes_a_new_version_once()
    {
        var content = Directory.CreateDirectory(Path.Combine(_folder, "wijziging", "lesson")).FullName;
        var file = Path.Combine(content, "lesson-wijziging.json");
        string Json(string les) => $$"""
            { "id": "lesson-wijziging", "type": "LessonLearned", "title": "Les die wijzigt", "publishedUtc": "2024-01-01",
              "fields": { "samenvatting": "x", "aanleiding": "a", "les": "{{les}}", "soort": ["positief"] } }
            """;
        var recipe = Path.Combine(_folder, "wijziging.recipe.json");
        await File.WriteAllTextAsync(recipe, """{ "name": "wijziging", "steps": [{ "name": "Content", "path": "wijziging" }] }""");
        async Task Run()
        {
            await using var scope = site.Scope();
            await site.Get<RecipeRunner>(scope).RunAsync(recipe);
        }

        await File.WriteAllTextAsync(file, Json("eerste"));
        await Run();
        await Run();
        await File.WriteAllTextAsync(file, Json("tweede"));
        await Run();
        await Run();

        await using var check = site.Scope();
        var versions = await site.Get<ContentManager>(check).GetVersionsAsync("lesson-wijziging");
        Assert.Equal(2, versions.Count);
        Assert.Equal("tweede", Assert.Single(versions, v => v.Published).Text("les"));
        Assert.Equal(JsonValue.Create("tweede")!.ToJsonString(), versions.Single(v => v.Latest).Fields["les"]!.ToJsonString());
    }
}
