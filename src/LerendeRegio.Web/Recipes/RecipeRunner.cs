using System.Security.Cryptography;
using System.Text.Json;
using System.Text.Json.Nodes;
using LerendeRegio.Web.Content;
using LerendeRegio.Web.Data;
using LerendeRegio.Web.Site;
using LerendeRegio.Web.Vocabularies;
using Microsoft.EntityFrameworkCore;

namespace LerendeRegio.Web.Recipes;

/// <summary>A recipe step handler: one class per step name (Orchard's IRecipeStepHandler).</summary>
public interface IRecipeStepHandler
{
    string StepName { get; }

    Task ExecuteAsync(RecipeStepContext context);
}

public sealed record RecipeStepContext(string RecipeFile, int StepIndex, JsonObject Step, CancellationToken CancellationToken)
{
    public string RecipeDirectory => Path.GetDirectoryName(RecipeFile)!;

    /// <summary>Reads the step's body into a typed model; a malformed body becomes a <see cref="RecipeException"/>.</summary>
    public T Read<T>()
    {
        try
        {
            return Step.Deserialize<T>(RecipeRunner.Json) ?? throw Fail("de stap is leeg");
        }
        catch (JsonException e)
        {
            throw Fail($"de stap heeft niet de verwachte vorm ({e.Path}: {e.Message})");
        }
    }

    public RecipeException Fail(string message) => new(RecipeFile, StepIndex, Step["name"]?.GetValue<string>() ?? "?", message);
}

/// <summary>A recipe that cannot run, naming the file, the step and what is wrong.</summary>
public sealed class RecipeException(string file, int stepIndex, string stepName, string problem)
    : Exception($"Recept {Path.GetFileName(file)}, stap {stepIndex + 1} ('{stepName}'): {problem}")
{
    public string File { get; } = file;
    public int StepIndex { get; } = stepIndex;
    public string StepName { get; } = stepName;
    public string Problem { get; } = problem;
}

/// <summary>Runs recipe files: JSON documents whose steps are handed, in order, to the handler of each step's name.</summary>
public sealed class RecipeRunner(
    IEnumerable<IRecipeStepHandler> handlers,
    LerendeRegioDbContext db,
    ContentDefinitionStore definitions,
    VocabularyStore vocabularies,
    SiteSettingsStore settings,
    TimeProvider clock,
    ILogger<RecipeRunner> logger)
{
    internal static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        UnmappedMemberHandling = System.Text.Json.Serialization.JsonUnmappedMemberHandling.Skip,
    };

    public static string Hash(string file) => Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(file)));

    public async Task RunAsync(string file, CancellationToken ct = default)
    {
        var root = Parse(file);
        var name = root["name"]?.GetValue<string>() ?? Path.GetFileNameWithoutExtension(file);
        if (root["steps"] is not JsonArray steps) throw new RecipeException(file, -1, "-", "het recept heeft geen lijst 'steps'");
        var byName = handlers.ToDictionary(h => h.StepName, StringComparer.OrdinalIgnoreCase);

        // Check every step name before running any, so a typo in the last step does not leave a half-run recipe.
        for (var i = 0; i < steps.Count; i++)
        {
            if (steps[i] is not JsonObject step || step["name"] is not JsonValue n || !n.TryGetValue<string>(out var stepName))
                throw new RecipeException(file, i, "?", "een stap heeft geen 'name'");
            if (!byName.ContainsKey(stepName))
                throw new RecipeException(file, i, stepName, $"onbekende stap; bekend zijn: {string.Join(", ", byName.Keys.Order())}");
        }

        // One transaction: a step that fails leaves the site as it was, never half set up.
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        try
        {
            for (var i = 0; i < steps.Count; i++)
            {
                var step = (JsonObject)steps[i]!;
                var stepName = step["name"]!.GetValue<string>();
                logger.LogInformation("Recipe {Recipe}: step {Index} {Step}", name, i + 1, stepName);
                await byName[stepName].ExecuteAsync(new RecipeStepContext(file, i, step, ct));
            }
            db.RecipeExecutions.Add(new RecipeExecution { RecipeName = name, FileHash = Hash(file), ExecutedUtc = clock.GetUtcNow().UtcDateTime });
            await db.SaveChangesAsync(ct);
            await transaction.CommitAsync(ct);
        }
        finally
        {
            // Caches may have been filled from inside the transaction; after a commit or a rollback they reload.
            definitions.Invalidate();
            vocabularies.Invalidate();
            settings.Invalidate();
        }
    }

    public async Task<RecipeExecution?> LastExecutionAsync(string recipeName, CancellationToken ct = default) =>
        await db.RecipeExecutions.AsNoTracking().Where(e => e.RecipeName == recipeName).OrderByDescending(e => e.Id).FirstOrDefaultAsync(ct);

    private static JsonObject Parse(string file)
    {
        try
        {
            return JsonNode.Parse(File.ReadAllText(file), documentOptions: new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true }) as JsonObject
                ?? throw new RecipeException(file, -1, "-", "het recept is geen JSON-object");
        }
        catch (JsonException e)
        {
            throw new RecipeException(file, -1, "-", $"geen geldige JSON (regel {e.LineNumber + 1}): {e.Message}");
        }
        catch (IOException e)
        {
            throw new RecipeException(file, -1, "-", $"het bestand is niet te lezen: {e.Message}");
        }
    }
}
