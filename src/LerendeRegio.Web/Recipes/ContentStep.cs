using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using LerendeRegio.Web.Content;

namespace LerendeRegio.Web.Recipes;

/// <summary>
/// <c>Content</c>: imports a folder of content files (one JSON file per item, see content-seed/README.md)
/// in one batch. Keyed by the items' stable ids, so importing again changes nothing.
/// </summary>
public sealed class ContentStep(ContentManager content, ILogger<ContentStep> logger) : IRecipeStepHandler
{
    public string StepName => "Content";

    private sealed record Body(string Path);

    private sealed record FileBody(string Id, string Type, string Title, string? Slug, string? PublishedUtc, JsonObject? Fields);

    public async Task ExecuteAsync(RecipeStepContext context)
    {
        var body = context.Read<Body>();
        var folder = System.IO.Path.GetFullPath(System.IO.Path.Combine(context.RecipeDirectory, body.Path));
        if (!Directory.Exists(folder)) throw context.Fail($"map '{folder}' bestaat niet");

        var items = new List<ImportItem>();
        foreach (var file in Directory.EnumerateFiles(folder, "*.json", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
        {
            var relative = System.IO.Path.GetRelativePath(folder, file);
            items.Add(ReadItem(context, file, relative));
        }
        try
        {
            var result = await content.ImportAsync(items, context.CancellationToken);
            logger.LogInformation("Imported {Count} content files from {Folder}: {Created} new, {Updated} changed, {Unchanged} unchanged, {Skipped} kept because editors changed them",
                items.Count, folder, result.Created, result.Updated, result.Unchanged, result.SkippedEditedByPeople);
        }
        catch (ContentValidationException e)
        {
            throw context.Fail("de inhoud is niet geldig:\n  " + string.Join("\n  ", e.Errors.Select(x => $"{x.Field}: {x.Message}")));
        }
    }

    private static ImportItem ReadItem(RecipeStepContext context, string file, string relative)
    {
        FileBody item;
        try
        {
            item = JsonSerializer.Deserialize<FileBody>(File.ReadAllText(file), RecipeRunner.Json) ?? throw context.Fail($"{relative}: leeg bestand");
        }
        catch (JsonException e)
        {
            throw context.Fail($"{relative}: geen geldige JSON ({e.Message})");
        }
        if (string.IsNullOrWhiteSpace(item.Id) || string.IsNullOrWhiteSpace(item.Type) || item.Title is null)
            throw context.Fail($"{relative}: 'id', 'type' en 'title' zijn verplicht");
        var published = DateTime.UnixEpoch;
        if (item.PublishedUtc is { } p && !DateTime.TryParse(p, CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal, out published))
            throw context.Fail($"{relative}: publishedUtc '{p}' is geen datum");
        if (item.PublishedUtc is null) throw context.Fail($"{relative}: publishedUtc is verplicht");
        return new ImportItem(item.Id, item.Type, new ContentEdit(item.Title, item.Slug, item.Fields ?? []), published, relative);
    }
}
