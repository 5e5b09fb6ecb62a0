using System.Text.Json.Nodes;
using LerendeRegio.Web.Data;
using LerendeRegio.Web.Vocabularies;
using Microsoft.EntityFrameworkCore;

namespace LerendeRegio.Web.Content;

public enum VersionOptions
{
    /// <summary>The version the public sees.</summary>
    Published,
    /// <summary>The newest version (a draft when one exists).</summary>
    Latest,
}

/// <summary>
/// Creates, edits, publishes, unpublishes and deletes content items (Orchard's content manager, our storage).
/// Every change to what the public sees appends to the change log in the same transaction.
/// </summary>
public sealed class ContentManager(
    LerendeRegioDbContext db,
    ContentDefinitionStore definitions,
    VocabularyStore vocabularies,
    IEnumerable<IContentChangeHandler> changeHandlers,
    IEnumerable<IContentRule> rules,
    TimeProvider clock)
{
    public async Task<ContentItem?> GetAsync(string contentItemId, VersionOptions options = VersionOptions.Published, CancellationToken ct = default)
    {
        var record = await Query(options).AsNoTracking().FirstOrDefaultAsync(v => v.ContentItemId == contentItemId, ct);
        return record is null ? null : new ContentItem(record);
    }

    public async Task<IReadOnlyList<ContentItem>> GetVersionsAsync(string contentItemId, CancellationToken ct = default)
    {
        var records = await db.ContentItems.AsNoTracking().Where(v => v.ContentItemId == contentItemId).OrderByDescending(v => v.Id).ToListAsync(ct);
        return [.. records.Select(r => new ContentItem(r))];
    }

    /// <summary>Creates an item, as a draft or published at once (imports, editors who may publish).</summary>
    public async Task<ContentItem> CreateAsync(string contentType, ContentEdit edit, CreateOptions? options = null, CancellationToken ct = default)
    {
        options ??= new();
        var type = (await definitions.GetTypesAsync(db, ct)).GetValueOrDefault(contentType) ?? throw new ContentValidationException([new("type", $"Onbekend inhoudstype '{contentType}'.")]);
        var id = options.ContentItemId ?? ContentIds.New();
        if (!ContentIds.IsValid(id)) throw new ContentValidationException([new("id", $"Id '{id}' mag alleen kleine letters, cijfers en losse streepjes bevatten, hoogstens {ContentIds.MaxLength} tekens.")]);
        if (await db.ContentItems.AnyAsync(v => v.ContentItemId == id, ct))
            throw new ContentValidationException([new("id", $"Er bestaat al een item met id '{id}'.")]);
        await ValidateAsync(type, edit, id, ct, publishing: options.Publish);

        var now = Now();
        var record = new ContentItemVersion
        {
            ContentItemId = id,
            ContentItemVersionId = ContentIds.New(),
            ContentType = type.Name,
            DisplayText = edit.Title.Trim(),
            Slug = await UniqueSlugAsync(type.Name, edit.Slug is { Length: > 0 } s ? s : Slugs.From(edit.Title), id, ct),
            Latest = true,
            Published = options.Publish,
            Owner = options.Owner,
            Author = options.Author,
            CreatedUtc = options.PublishedUtc ?? now,
            ModifiedUtc = now,
            PublishedUtc = options.Publish ? options.PublishedUtc ?? now : null,
            Revision = 1,
            Data = edit.Fields.ToJsonString(),
        };
        Index(type, record, edit.Fields);
        db.ContentItems.Add(record);
        if (options.Publish) Log(record, ContentChangeKind.Published, now);
        await SaveAsync(ct);
        return new ContentItem(record);
    }

    /// <summary>
    /// Saves new field values. Editing a published item makes a new draft beside it; editing a draft changes it in place,
    /// unless <paramref name="newVersion"/> asks to keep the draft as it was (the editor does, for its version history).
    /// <paramref name="expectedRevision"/> is the revision the editor read: if the item moved on, nothing is saved.
    /// </summary>
    public async Task<ContentItem> UpdateAsync(string contentItemId, int expectedRevision, ContentEdit edit, string? author = null, bool newVersion = false, CancellationToken ct = default)
    {
        var latest = await LatestTrackedAsync(contentItemId, ct);
        if (latest.Revision != expectedRevision) throw new ContentConcurrencyException(contentItemId, expectedRevision, latest.Revision);
        var type = (await definitions.GetTypesAsync(db, ct)).GetValueOrDefault(latest.ContentType) ?? throw new ContentNotFoundException(contentItemId);
        await ValidateAsync(type, edit, contentItemId, ct);

        var now = Now();
        var target = latest;
        if (latest.Published || newVersion)
        {
            latest.Latest = false;
            target = CopyOf(latest);
            db.ContentItems.Add(target);
        }
        target.DisplayText = edit.Title.Trim();
        if (edit.Slug is { Length: > 0 } slug && slug != target.Slug) target.Slug = await UniqueSlugAsync(type.Name, slug, contentItemId, ct);
        target.Data = edit.Fields.ToJsonString();
        target.ModifiedUtc = now;
        target.Author = author ?? target.Author;
        Bump(latest, target);
        target.Terms.Clear();
        target.Links.Clear();
        Index(type, target, edit.Fields);
        await SaveAsync(ct);
        return new ContentItem(target);
    }

    /// <summary>Publishes the latest version. Returns false when it already was the published one.</summary>
    public async Task<bool> PublishAsync(string contentItemId, DateTime? publishedUtc = null, CancellationToken ct = default)
    {
        var latest = await LatestTrackedAsync(contentItemId, ct);
        if (latest.Published) return false;
        if ((await definitions.GetTypesAsync(db, ct)).GetValueOrDefault(latest.ContentType) is { } type)
            await CheckRulesAsync(type, JsonNode.Parse(latest.Data)!.AsObject(), publishing: true, ct);
        var now = Now();
        var previous = await db.ContentItems.FirstOrDefaultAsync(v => v.ContentItemId == contentItemId && v.Published, ct);
        if (previous is not null) previous.Published = false;
        latest.Published = true;
        // The public date stays the first publication's, so a correction does not make an item "new" again.
        latest.PublishedUtc = publishedUtc ?? latest.PublishedUtc ?? previous?.PublishedUtc ?? now;
        latest.ModifiedUtc = now;
        latest.Revision++;
        Log(latest, ContentChangeKind.Published, now);
        await SaveAsync(ct);
        return true;
    }

    public async Task<bool> UnpublishAsync(string contentItemId, CancellationToken ct = default)
    {
        var published = await db.ContentItems.FirstOrDefaultAsync(v => v.ContentItemId == contentItemId && v.Published, ct);
        if (published is null) return false;
        var latest = await LatestTrackedAsync(contentItemId, ct);
        published.Published = false;
        latest.Revision++;
        latest.ModifiedUtc = Now();
        Log(published, ContentChangeKind.Unpublished, latest.ModifiedUtc);
        await SaveAsync(ct);
        return true;
    }

    /// <summary>Removes an item from the site. Versions are kept (neither latest nor published) for the history.</summary>
    public async Task DeleteAsync(string contentItemId, CancellationToken ct = default)
    {
        var versions = await db.ContentItems.Where(v => v.ContentItemId == contentItemId && (v.Latest || v.Published)).ToListAsync(ct);
        if (versions.Count == 0) throw new ContentNotFoundException(contentItemId);
        var now = Now();
        foreach (var v in versions)
        {
            v.Latest = false;
            v.Published = false;
            v.Revision++;
        }
        Log(versions[0], ContentChangeKind.Deleted, now);
        await SaveAsync(ct);
    }

    /// <summary>
    /// Imports a batch in one transaction: all items are valid and saved, or nothing is. Items may link to each other
    /// within the batch. An item whose stored version came from an earlier import and equals the file is left alone;
    /// one that editors have changed since is never overwritten.
    /// </summary>
    public async Task<ImportResult> ImportAsync(IReadOnlyList<ImportItem> items, CancellationToken ct = default)
    {
        var types = await definitions.GetTypesAsync(db, ct);
        var ids = items.Select(i => i.ContentItemId).ToList();
        var existing = await db.ContentItems.Include(v => v.Terms).Include(v => v.Links).AsSplitQuery()
            .Where(v => ids.Contains(v.ContentItemId) && v.Latest).ToDictionaryAsync(v => v.ContentItemId, ct);
        var batchTypes = items.GroupBy(i => i.ContentItemId).ToDictionary(g => g.Key, g => g.First().ContentType);
        var errors = new List<ContentValidationError>();
        foreach (var bad in items.Where(i => !ContentIds.IsValid(i.ContentItemId)))
            errors.Add(new("id", $"{bad.Source}: id '{bad.ContentItemId}' mag alleen kleine letters, cijfers en losse streepjes bevatten, hoogstens {ContentIds.MaxLength} tekens."));
        foreach (var dup in items.GroupBy(i => i.ContentItemId).Where(g => g.Count() > 1))
            errors.Add(new("id", $"{dup.First().Source}: id '{dup.Key}' komt meer dan eens voor."));

        var linked = items.SelectMany(i => types.TryGetValue(i.ContentType, out var t) ? CollectLinks(t, i.Edit.Fields).Select(l => l.Target) : [])
            .Where(id => !batchTypes.ContainsKey(id)).Distinct().ToList();
        var storedTypes = await db.ContentItems.AsNoTracking().Where(v => v.Latest && linked.Contains(v.ContentItemId))
            .ToDictionaryAsync(v => v.ContentItemId, v => v.ContentType, ct);
        var validator = new ContentValidator(await vocabularies.GetAllAsync(db, ct), id => batchTypes.GetValueOrDefault(id) ?? storedTypes.GetValueOrDefault(id));
        foreach (var item in items)
        {
            if (!types.TryGetValue(item.ContentType, out var type)) { errors.Add(new("type", $"{item.Source}: onbekend inhoudstype '{item.ContentType}'.")); continue; }
            errors.AddRange(validator.Validate(type, item.Edit).Select(e => e with { Field = $"{item.Source}: {e.Field}" }));
            var slug = item.Edit.Slug ?? Slugs.From(item.Edit.Title);
            if (items.Count(i => i.ContentType == item.ContentType && (i.Edit.Slug ?? Slugs.From(i.Edit.Title)) == slug) > 1)
                errors.Add(new("slug", $"{item.Source}: webadres '{slug}' komt meer dan eens voor."));
        }
        foreach (var item in items.Where(i => types.ContainsKey(i.ContentType)))
        {
            foreach (var rule in rules)
                errors.AddRange((await rule.CheckAsync(types[item.ContentType], item.Edit.Fields, publishing: true, ct)).Select(e => e with { Field = $"{item.Source}: {e.Field}" }));
        }
        if (errors.Count > 0) throw new ContentValidationException(errors);

        int created = 0, updated = 0, unchanged = 0, skipped = 0;
        var now = Now();
        foreach (var item in items)
        {
            var type = types[item.ContentType];
            if (existing.TryGetValue(item.ContentItemId, out var stored))
            {
                if (stored.Author != ContentImport.ImportAuthor) { skipped++; continue; }
                if (stored.Published && ContentImportComparer.SameContent(stored, item)) { unchanged++; continue; }
                var published = stored.Published ? stored : await db.ContentItems.FirstOrDefaultAsync(v => v.ContentItemId == item.ContentItemId && v.Published, ct);
                if (published is not null) published.Published = false;
                stored.Latest = false;
                var next = CopyOf(stored);
                next.DisplayText = item.Edit.Title.Trim();
                next.Slug = item.Edit.Slug ?? next.Slug;
                next.Data = item.Edit.Fields.ToJsonString();
                next.Published = true;
                next.ModifiedUtc = now;
                Bump(stored, next);
                Index(type, next, item.Edit.Fields);
                db.ContentItems.Add(next);
                Log(next, ContentChangeKind.Published, now);
                updated++;
                continue;
            }
            var record = new ContentItemVersion
            {
                ContentItemId = item.ContentItemId,
                ContentItemVersionId = ContentIds.New(),
                ContentType = type.Name,
                DisplayText = item.Edit.Title.Trim(),
                Slug = item.Edit.Slug ?? Slugs.From(item.Edit.Title),
                Latest = true,
                Published = true,
                Author = ContentImport.ImportAuthor,
                CreatedUtc = item.PublishedUtc,
                ModifiedUtc = now,
                PublishedUtc = item.PublishedUtc,
                Revision = 1,
                Data = item.Edit.Fields.ToJsonString(),
            };
            Index(type, record, item.Edit.Fields);
            db.ContentItems.Add(record);
            Log(record, ContentChangeKind.Published, now);
            created++;
        }
        await SaveAsync(ct);
        return new ImportResult(created, updated, unchanged, skipped);
    }

    // PostgreSQL keeps microseconds; rounding here makes a stored time equal to the one handed back.
    private DateTime Now()
    {
        var ticks = clock.GetUtcNow().UtcTicks;
        return new DateTime(ticks - ticks % 10, DateTimeKind.Utc);
    }

    private IQueryable<ContentItemVersion> Query(VersionOptions options) => options == VersionOptions.Published
        ? db.ContentItems.Where(v => v.Published)
        : db.ContentItems.Where(v => v.Latest);

    private async Task<ContentItemVersion> LatestTrackedAsync(string contentItemId, CancellationToken ct) =>
        await db.ContentItems.Include(v => v.Terms).Include(v => v.Links).AsSplitQuery().FirstOrDefaultAsync(v => v.ContentItemId == contentItemId && v.Latest, ct)
        ?? throw new ContentNotFoundException(contentItemId);

    private static ContentItemVersion CopyOf(ContentItemVersion source) => new()
    {
        ContentItemId = source.ContentItemId,
        ContentItemVersionId = ContentIds.New(),
        ContentType = source.ContentType,
        DisplayText = source.DisplayText,
        Slug = source.Slug,
        Latest = true,
        Published = false,
        Owner = source.Owner,
        Author = source.Author,
        CreatedUtc = source.CreatedUtc,
        ModifiedUtc = source.ModifiedUtc,
        PublishedUtc = source.PublishedUtc,
        Revision = source.Revision,
        Data = source.Data,
    };

    // The old latest row takes part in the concurrency check: its revision changes in the same UPDATE, so a
    // concurrent writer that read the same revision matches no row and fails instead of forking the item.
    private static void Bump(ContentItemVersion previousLatest, ContentItemVersion target)
    {
        var next = previousLatest.Revision + 1;
        previousLatest.Revision = next;
        target.Revision = next;
    }

    private void Log(ContentItemVersion version, ContentChangeKind kind, DateTime now) =>
        db.ChangeLog.Add(new ContentChangeLogEntry
        {
            ContentItemId = version.ContentItemId,
            ContentType = version.ContentType,
            ContentItemVersionId = version.ContentItemVersionId,
            Kind = kind,
            OccurredUtc = now,
        });

    private async Task SaveAsync(CancellationToken ct)
    {
        var changes = db.ChangeTracker.Entries<ContentChangeLogEntry>().Where(e => e.State == EntityState.Added).Select(e => e.Entity).ToList();
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateConcurrencyException e)
        {
            var entry = (e.Entries.Count > 0 ? e.Entries[0].Entity : null) as ContentItemVersion;
            db.ChangeTracker.Clear();
            var current = entry is null ? null : await db.ContentItems.AsNoTracking().FirstOrDefaultAsync(v => v.ContentItemId == entry.ContentItemId && v.Latest, ct);
            throw new ContentConcurrencyException(entry?.ContentItemId ?? "?", entry?.Revision - 1 ?? 0, current?.Revision ?? 0);
        }
        foreach (var change in changes)
        {
            foreach (var handler in changeHandlers) await handler.ContentChangedAsync(change, ct);
        }
    }

    private async Task ValidateAsync(ContentTypeDefinition type, ContentEdit edit, string selfId, CancellationToken ct, bool publishing = false)
    {
        var linked = CollectLinks(type, edit.Fields).Select(l => l.Target).Distinct().ToList();
        var types = await db.ContentItems.AsNoTracking()
            .Where(v => v.Latest && linked.Contains(v.ContentItemId))
            .Select(v => new { v.ContentItemId, v.ContentType })
            .ToDictionaryAsync(v => v.ContentItemId, v => v.ContentType, ct);
        var validator = new ContentValidator(await vocabularies.GetAllAsync(db, ct), id => id == selfId ? type.Name : types.GetValueOrDefault(id));
        var errors = validator.Validate(type, edit);
        if (errors.Count > 0) throw new ContentValidationException(errors);
        await CheckRulesAsync(type, edit.Fields, publishing, ct);
    }

    private async Task CheckRulesAsync(ContentTypeDefinition type, JsonObject fields, bool publishing, CancellationToken ct)
    {
        var errors = new List<ContentValidationError>();
        foreach (var rule in rules) errors.AddRange(await rule.CheckAsync(type, fields, publishing, ct));
        if (errors.Count > 0) throw new ContentValidationException(errors);
    }

    private async Task<string> UniqueSlugAsync(string contentType, string slug, string contentItemId, CancellationToken ct)
    {
        if (slug.Length == 0) slug = "item";
        var taken = await db.ContentItems.AsNoTracking()
            .Where(v => v.ContentType == contentType && (v.Latest || v.Published) && v.ContentItemId != contentItemId && v.Slug.StartsWith(slug))
            .Select(v => v.Slug).Distinct().ToListAsync(ct);
        if (!taken.Contains(slug)) return slug;
        for (var i = 2; ; i++)
        {
            if (!taken.Contains($"{slug}-{i}")) return $"{slug}-{i}";
        }
    }

    private static void Index(ContentTypeDefinition type, ContentItemVersion record, JsonObject fields)
    {
        var summary = fields[type.SummaryField] is JsonValue v && v.TryGetValue<string>(out var s) ? s.Trim() : null;
        record.Summary = summary is { Length: > 1000 } ? summary[..1000] : summary;
        foreach (var (field, vocabulary, term) in CollectTerms(type.Fields, fields, ""))
            record.Terms.Add(new ContentTermIndex { Field = field, Vocabulary = vocabulary, TermId = term });
        foreach (var (field, target) in CollectLinks(type, fields))
            record.Links.Add(new ContentLinkIndex { Field = field, TargetContentItemId = target });
    }

    internal static IEnumerable<(string Field, string Vocabulary, string Term)> CollectTerms(IEnumerable<ContentFieldDefinition> defs, JsonObject values, string prefix)
    {
        foreach (var f in defs)
        {
            if (f.Kind == FieldKind.Taxonomy && f.Vocabulary is { } vocabulary)
            {
                foreach (var term in ContentValues.Strings(values[f.Name])) yield return (prefix + f.Name, vocabulary, term);
            }
            else if (f.Kind == FieldKind.List && values[f.Name] is JsonArray rows && f.Fields is { } sub)
            {
                foreach (var row in rows.OfType<JsonObject>())
                {
                    foreach (var t in CollectTerms(sub, row, prefix + f.Name + ".")) yield return t;
                }
            }
        }
    }

    private static IEnumerable<(string Field, string Target)> CollectLinks(ContentTypeDefinition type, JsonObject values) =>
        type.Fields.Where(f => f.Kind == FieldKind.ContentPicker)
            .SelectMany(f => ContentValues.Strings(values[f.Name]).Distinct().Select(id => (f.Name, id)));
}

public sealed record CreateOptions
{
    public string? ContentItemId { get; init; }
    public bool Publish { get; init; }
    public DateTime? PublishedUtc { get; init; }
    public string? Owner { get; init; }
    public string? Author { get; init; }
}

/// <summary>
/// A check a feature adds to saving (publishing false) and publishing content (true), for what the
/// type definition alone cannot know: media adds "the file exists" and "parental consent before publishing".
/// </summary>
public interface IContentRule
{
    Task<IReadOnlyList<ContentValidationError>> CheckAsync(ContentTypeDefinition type, JsonObject fields, bool publishing, CancellationToken ct);
}

/// <summary>Told after a change to published content is committed (cache eviction now; search indexing later).</summary>
public interface IContentChangeHandler
{
    Task ContentChangedAsync(ContentChangeLogEntry change, CancellationToken ct);
}
