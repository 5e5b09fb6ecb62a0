using System.Text.Json.Nodes;
using LerendeRegio.Web.Content;
using LerendeRegio.Web.Site;
using LerendeRegio.Web.Vocabularies;

namespace LerendeRegio.Web.Api;

public sealed record TermReference(string Vocabulary, string Id, string DisplayName, string Url);

public sealed record ContentReference(string Id, string Type, string Title, string Url);

/// <summary>An item as lists show it: no field document, its terms resolved.</summary>
public sealed record ContentListEntry(
    string Id, string Type, string Title, string Slug, string Url, DateTime? PublishedUtc, DateTime? ModifiedUtc, string? Summary,
    IReadOnlyList<TermReference> Terms);

/// <summary>One published item with all fields of its type; taxonomy and content-picker values resolved to names and URLs.</summary>
public sealed record ContentItemResource(
    string Id, string VersionId, string Type, string Title, string Slug, string Url, DateTime? PublishedUtc, DateTime ModifiedUtc,
    JsonObject Fields, IReadOnlyList<TermReference> Terms, IReadOnlyList<ContentReference> Links) : IVersionedResource
{
    string? IVersionedResource.Version => VersionId;
    DateTime? IVersionedResource.LastModified => ModifiedUtc;
}

/// <summary>
/// Turns published content into what the API, the open-data export and the feeds hand out. Only published items are
/// ever resolved: a link to a draft or an unpublished item is left out rather than shown with its title.
/// </summary>
public sealed class ContentResources(ContentQueries queries, ContentDefinitionStore definitions, VocabularyStore vocabularies)
{
    public async Task<IReadOnlyList<ContentListEntry>> ListEntriesAsync(IEnumerable<ContentHeader> headers, string origin, CancellationToken ct)
    {
        var types = await definitions.GetTypesAsync(ct);
        var terms = TermIndex(await vocabularies.GetAllAsync(ct));
        return [.. headers.Where(h => types.ContainsKey(h.ContentType)).Select(h => new ContentListEntry(
            h.ContentItemId, h.ContentType, h.DisplayText, h.Slug, origin + SiteUrls.Item(types[h.ContentType], h.Slug),
            h.PublishedUtc, h.ModifiedUtc, h.Summary,
            [.. h.Terms.Select(t => Resolve(terms, t.Vocabulary, t.TermId, origin)).OfType<TermReference>()]))];
    }

    public async Task<ContentReference?> ReferenceAsync(ContentItem item, string origin, CancellationToken ct)
    {
        var type = await definitions.GetTypeAsync(item.ContentType, ct);
        return type is null ? null : new ContentReference(item.ContentItemId, item.ContentType, item.DisplayText, origin + SiteUrls.Item(type, item.Slug));
    }

    /// <summary>Resources of published items, resolving every linked item in one read for the whole batch.</summary>
    public async Task<IReadOnlyList<ContentItemResource>> DescribeAsync(IReadOnlyList<ContentItem> items, string origin, CancellationToken ct)
    {
        var types = await definitions.GetTypesAsync(ct);
        var terms = TermIndex(await vocabularies.GetAllAsync(ct));
        var linkedIds = items.SelectMany(i => types.TryGetValue(i.ContentType, out var t) ? LinkedIds(t.Fields, i.Fields) : []).Distinct().ToList();
        var linked = (await queries.GetHeadersAsync(linkedIds, ct))
            .Where(h => types.ContainsKey(h.ContentType))
            .ToDictionary(h => h.ContentItemId, h => new ContentReference(h.ContentItemId, h.ContentType, h.DisplayText, origin + SiteUrls.Item(types[h.ContentType], h.Slug)));
        var resources = new List<ContentItemResource>(items.Count);
        foreach (var item in items)
        {
            if (!types.TryGetValue(item.ContentType, out var type)) continue;
            var itemTerms = new List<TermReference>();
            var itemLinks = new List<ContentReference>();
            var fields = Resolve(type.Fields, item.Fields, terms, linked, origin, itemTerms, itemLinks);
            resources.Add(new ContentItemResource(item.ContentItemId, item.ContentItemVersionId, item.ContentType, item.DisplayText, item.Slug,
                origin + SiteUrls.Item(type, item.Slug), item.PublishedUtc, item.ModifiedUtc, fields,
                [.. itemTerms.Distinct()], [.. itemLinks.Distinct()]));
        }
        return resources;
    }

    public static IReadOnlyDictionary<(string Vocabulary, string Id), Term> TermIndex(IReadOnlyList<Vocabulary> vocabularies) =>
        vocabularies.SelectMany(v => v.Terms.Select(t => (v.Name, t))).ToDictionary(x => (x.Name, x.t.Id), x => x.t);

    private static TermReference? Resolve(IReadOnlyDictionary<(string, string), Term> terms, string vocabulary, string id, string origin) =>
        terms.TryGetValue((vocabulary, id), out var term) ? new TermReference(vocabulary, term.Id, term.DisplayName, origin + SiteUrls.Term(vocabulary, term.Id)) : null;

    private static IEnumerable<string> LinkedIds(IEnumerable<ContentFieldDefinition> fields, JsonObject values) =>
        fields.SelectMany(f => f.Kind switch
        {
            FieldKind.ContentPicker => ContentValues.Strings(values[f.Name]),
            FieldKind.List when values[f.Name] is JsonArray rows && f.Fields is { } sub => rows.OfType<JsonObject>().SelectMany(r => LinkedIds(sub, r)),
            _ => [],
        });

    // Only fields the type defines come out, in the definition's order: stray keys in a stored document stay inside.
    private static JsonObject Resolve(
        IEnumerable<ContentFieldDefinition> fields, JsonObject values, IReadOnlyDictionary<(string, string), Term> terms,
        IReadOnlyDictionary<string, ContentReference> linked, string origin, List<TermReference> foundTerms, List<ContentReference> foundLinks)
    {
        var result = new JsonObject();
        foreach (var field in fields)
        {
            var value = values[field.Name];
            if (value is null) continue;
            switch (field.Kind)
            {
                case FieldKind.Taxonomy when field.Vocabulary is { } vocabulary:
                    var resolvedTerms = ContentValues.Strings(value).Select(id => Resolve(terms, vocabulary, id, origin)).OfType<TermReference>().ToList();
                    foundTerms.AddRange(resolvedTerms);
                    result[field.Name] = new JsonArray([.. resolvedTerms.Select(t => (JsonNode)new JsonObject
                    {
                        ["vocabulary"] = t.Vocabulary, ["id"] = t.Id, ["displayName"] = t.DisplayName, ["url"] = t.Url,
                    })]);
                    break;
                case FieldKind.ContentPicker:
                    var resolvedLinks = ContentValues.Strings(value).Select(linked.GetValueOrDefault).OfType<ContentReference>().ToList();
                    foundLinks.AddRange(resolvedLinks);
                    result[field.Name] = new JsonArray([.. resolvedLinks.Select(l => (JsonNode)new JsonObject
                    {
                        ["id"] = l.Id, ["type"] = l.Type, ["title"] = l.Title, ["url"] = l.Url,
                    })]);
                    break;
                case FieldKind.List when value is JsonArray rows && field.Fields is { } sub:
                    result[field.Name] = new JsonArray([.. rows.OfType<JsonObject>().Select(r => (JsonNode)Resolve(sub, r, terms, linked, origin, foundTerms, foundLinks))]);
                    break;
                default:
                    // The cached item is shared between requests; hand out a copy, never its nodes.
                    result[field.Name] = value.DeepClone();
                    break;
            }
        }
        return result;
    }
}
