using LerendeRegio.Web.Content;
using LerendeRegio.Web.Data;
using LerendeRegio.Web.Site;
using LerendeRegio.Web.Vocabularies;
using Microsoft.EntityFrameworkCore;

namespace LerendeRegio.Web.Recipes;

/// <summary><c>Settings</c>: site name, tagline, page size, culture and time zone.</summary>
public sealed class SettingsStep(LerendeRegioDbContext db) : IRecipeStepHandler
{
    public string StepName => "Settings";

    public async Task ExecuteAsync(RecipeStepContext context)
    {
        var body = context.Read<SiteSettings>();
        if (body.PageSize is < 1 or > 100) throw context.Fail("pageSize moet tussen 1 en 100 liggen");
        if (TimeZoneInfo.TryFindSystemTimeZoneById(body.TimeZone, out _) is false) throw context.Fail($"onbekende tijdzone '{body.TimeZone}'");
        if (body.SearchSynonyms.FirstOrDefault(g => g.Count(w => !string.IsNullOrWhiteSpace(w)) < 2) is { } bad)
            throw context.Fail($"searchSynonyms: een groep heeft minstens twee woorden nodig ({string.Join(", ", bad)})");
        var current = await SiteSettingsStore.LoadAsync(db, context.CancellationToken);
        await SiteSettingsStore.SaveAsync(db, body with { Theme = current.Theme }, context.CancellationToken);
    }
}

/// <summary><c>Themes</c>: which theme the public site uses.</summary>
public sealed class ThemesStep(LerendeRegioDbContext db, ThemeCatalog themes) : IRecipeStepHandler
{
    public string StepName => "Themes";

    private sealed record Body(string Site);

    public async Task ExecuteAsync(RecipeStepContext context)
    {
        var body = context.Read<Body>();
        if (!themes.Themes.Contains(body.Site))
            throw context.Fail($"thema '{body.Site}' bestaat niet; beschikbaar: {string.Join(", ", themes.Themes.Order())}");
        var current = await SiteSettingsStore.LoadAsync(db, context.CancellationToken);
        await SiteSettingsStore.SaveAsync(db, current with { Theme = body.Site }, context.CancellationToken);
    }
}

/// <summary><c>Vocabularies</c>: creates or updates vocabularies and their terms; terms editors added are kept.</summary>
public sealed class VocabulariesStep(LerendeRegioDbContext db) : IRecipeStepHandler
{
    public string StepName => "Vocabularies";

    private sealed record TermBody(string Id, string DisplayName, string? Description, IReadOnlyList<string>? Synonyms);

    private sealed record VocabularyBody(string Name, string DisplayName, string? PluralDisplayName, string? Description, IReadOnlyList<TermBody> Terms);

    private sealed record Body(IReadOnlyList<VocabularyBody> Vocabularies);

    public async Task ExecuteAsync(RecipeStepContext context)
    {
        var body = context.Read<Body>();
        var existing = await db.Vocabularies.Include(v => v.Terms).ToDictionaryAsync(v => v.Name, context.CancellationToken);
        var order = existing.Count;
        foreach (var v in body.Vocabularies)
        {
            if (string.IsNullOrWhiteSpace(v.Name) || Slugs.From(v.Name) != v.Name) throw context.Fail($"vocabulaire '{v.Name}': de naam moet uit kleine letters en streepjes bestaan");
            var dup = v.Terms.GroupBy(t => t.Id).FirstOrDefault(g => g.Count() > 1);
            if (dup is not null) throw context.Fail($"vocabulaire '{v.Name}': term '{dup.Key}' komt dubbel voor");
            if (!existing.TryGetValue(v.Name, out var vocabulary))
            {
                vocabulary = new Vocabulary { Name = v.Name, DisplayName = v.DisplayName, PluralDisplayName = v.PluralDisplayName ?? v.DisplayName, SortOrder = order++ };
                db.Vocabularies.Add(vocabulary);
            }
            vocabulary.DisplayName = v.DisplayName;
            vocabulary.PluralDisplayName = v.PluralDisplayName ?? v.DisplayName;
            vocabulary.Description = v.Description;
            for (var i = 0; i < v.Terms.Count; i++)
            {
                var t = v.Terms[i];
                if (string.IsNullOrWhiteSpace(t.Id) || !Slugs.IsValid(t.Id)) throw context.Fail($"vocabulaire '{v.Name}': term-id '{t.Id}' is geen geldig webadresdeel");
                var term = vocabulary.Terms.FirstOrDefault(x => x.Id == t.Id);
                if (term is null)
                {
                    term = new Term { VocabularyName = v.Name, Id = t.Id, DisplayName = t.DisplayName };
                    vocabulary.Terms.Add(term);
                }
                term.DisplayName = t.DisplayName;
                term.Description = t.Description;
                term.Synonyms = string.Join('\n', t.Synonyms ?? []);
                term.SortOrder = i;
            }
        }
        await db.SaveChangesAsync(context.CancellationToken);
    }
}

/// <summary><c>ContentDefinitions</c>: content types made of parts and fields.</summary>
public sealed class ContentDefinitionsStep(LerendeRegioDbContext db, TimeProvider clock) : IRecipeStepHandler
{
    public string StepName => "ContentDefinitions";

    private sealed record Body(IReadOnlyList<ContentTypeDefinition> ContentTypes);

    public async Task ExecuteAsync(RecipeStepContext context)
    {
        var body = context.Read<Body>();
        var vocabularies = await db.Vocabularies.Select(v => v.Name).ToListAsync(context.CancellationToken);
        var existing = await db.ContentTypes.ToDictionaryAsync(t => t.Name, context.CancellationToken);
        var typeNames = body.ContentTypes.Select(t => t.Name).Concat(existing.Keys).ToHashSet();
        foreach (var type in body.ContentTypes)
        {
            Check(context, type, vocabularies, typeNames);
            var json = System.Text.Json.JsonSerializer.Serialize(type, ContentDefinitionStore.Json);
            if (!existing.TryGetValue(type.Name, out var record))
                db.ContentTypes.Add(new ContentTypeRecord { Name = type.Name, Definition = json, ModifiedUtc = clock.GetUtcNow().UtcDateTime });
            else if (record.Definition != json)
            {
                record.Definition = json;
                record.ModifiedUtc = clock.GetUtcNow().UtcDateTime;
            }
        }
        var prefixes = body.ContentTypes.GroupBy(t => t.RoutePrefix).FirstOrDefault(g => g.Count() > 1);
        if (prefixes is not null) throw context.Fail($"routePrefix '{prefixes.Key}' wordt door meer dan één type gebruikt");
        await db.SaveChangesAsync(context.CancellationToken);
    }

    private static void Check(RecipeStepContext context, ContentTypeDefinition type, List<string> vocabularies, HashSet<string> typeNames)
    {
        if (string.IsNullOrWhiteSpace(type.Name)) throw context.Fail("een inhoudstype heeft geen naam");
        if (!Slugs.IsValid(type.RoutePrefix)) throw context.Fail($"type '{type.Name}': routePrefix '{type.RoutePrefix}' is geen geldig webadresdeel");
        var dup = type.Fields.GroupBy(f => f.Name).FirstOrDefault(g => g.Count() > 1);
        if (dup is not null) throw context.Fail($"type '{type.Name}': veld '{dup.Key}' komt dubbel voor");
        foreach (var f in type.Fields.Concat(type.Fields.SelectMany(f => f.Fields ?? [])))
        {
            var where = $"type '{type.Name}', veld '{f.Name}'";
            if (f.Kind == FieldKind.Taxonomy && (f.Vocabulary is null || !vocabularies.Contains(f.Vocabulary)))
                throw context.Fail($"{where}: vocabulaire '{f.Vocabulary}' bestaat niet");
            if (f.Kind == FieldKind.ContentPicker && f.ContentTypes?.FirstOrDefault(t => !typeNames.Contains(t)) is { } unknown)
                throw context.Fail($"{where}: inhoudstype '{unknown}' bestaat niet");
            if (f.Kind == FieldKind.List && f.Fields is not { Count: > 0 })
                throw context.Fail($"{where}: een lijst heeft sub-velden nodig");
            if (f.Kind != FieldKind.List && f.Fields is { Count: > 0 })
                throw context.Fail($"{where}: alleen een lijst heeft sub-velden");
            if (f.Pattern is { } p)
            {
                try { _ = new System.Text.RegularExpressions.Regex(p); }
                catch (ArgumentException) { throw context.Fail($"{where}: patroon '{p}' is geen geldige reguliere expressie"); }
            }
        }
    }
}
