using LerendeRegio.Web.Content;
using LerendeRegio.Web.Media;
using LerendeRegio.Web.Vocabularies;

namespace LerendeRegio.Web.Site;

public sealed record TermLink(string Vocabulary, string Id, string DisplayName)
{
    public string Url => SiteUrls.Term(Vocabulary, Id);
}

/// <summary>An item as lists and cards show it.</summary>
public sealed record ContentSummary(ContentHeader Item, string TypeDisplayName, string Url, IReadOnlyList<TermLink> Facts)
{
    public string? Summary => Item.Summary;
}

/// <summary>Everything a detail page shows, assembled by one service call.</summary>
public sealed record ContentDetail(
    ContentItem Item,
    ContentTypeDefinition Type,
    string? Summary,
    IReadOnlyList<TermLink> Facts,
    IReadOnlyDictionary<string, ContentSummary> Linked,
    IReadOnlyList<IGrouping<string, ContentSummary>> Referencing,
    DisplayLookup Lookup);

/// <summary>Resolves term ids, item ids and media ids to names, URLs and files while a page renders.</summary>
public sealed class DisplayLookup(IReadOnlyList<Vocabulary> vocabularies, IReadOnlyDictionary<string, ContentSummary> items, IReadOnlyDictionary<string, MediaAsset>? media = null)
{
    public TermLink? Term(string vocabulary, string id)
    {
        var term = vocabularies.FirstOrDefault(v => v.Name == vocabulary)?.Terms.FirstOrDefault(t => t.Id == id);
        return term is null ? null : new TermLink(vocabulary, term.Id, term.DisplayName);
    }

    public ContentSummary? Item(string id) => items.GetValueOrDefault(id);

    public MediaAsset? Media(string id) => media?.GetValueOrDefault(id);
}

public static class SiteUrls
{
    public static string Item(ContentTypeDefinition type, string slug) => $"/{type.RoutePrefix}/{slug}";

    public static string List(ContentTypeDefinition type) => $"/{type.RoutePrefix}";

    public static string Term(string vocabulary, string termId) => $"/onderwerpen/{vocabulary}/{termId}";

    public static string Vocabularies => "/onderwerpen";
}

/// <summary>Builds what the public pages show from published content; the pages ask only this service.</summary>
public sealed class ContentDisplay(ContentQueries queries, ContentDefinitionStore definitions, VocabularyStore vocabularies, MediaLibrary media)
{
    /// <summary>Vocabularies shown as facts on cards and at the top of a detail page, in this order.</summary>
    private static readonly string[] FactVocabularies = ["pijler", "thema", "gemeente", "k4k-deelproject", "bewijsniveau", "projectstatus", "lessoort"];

    public async Task<IReadOnlyList<ContentSummary>> SummarizeAsync(IEnumerable<ContentHeader> items, CancellationToken ct = default)
    {
        var types = await definitions.GetTypesAsync(ct);
        var vocabs = await vocabularies.GetAllAsync(ct);
        return [.. items.Where(i => types.ContainsKey(i.ContentType)).Select(i => Summarize(i, types[i.ContentType], vocabs))];
    }

    public async Task<ContentDetail?> GetDetailAsync(ContentTypeDefinition type, string slug, CancellationToken ct = default)
    {
        var item = await queries.GetPublishedBySlugAsync(type.Name, slug, ct);
        if (item is null) return null;
        var linkedIds = type.Fields.Where(f => f.Kind == FieldKind.ContentPicker).SelectMany(f => item.Ids(f.Name)).ToList();
        var (linkedHeaders, referencingHeaders) = await queries.GetNeighboursAsync(item.ContentItemId, linkedIds, ct);
        var linked = (await SummarizeAsync(linkedHeaders, ct)).ToDictionary(s => s.Item.ContentItemId);
        var referencing = await SummarizeAsync(referencingHeaders, ct);
        var vocabs = await vocabularies.GetAllAsync(ct);
        var groups = referencing.GroupBy(r => r.TypeDisplayName).OrderBy(g => g.Key).ToList();
        var ownTerms = type.Fields.Where(f => f.Kind == FieldKind.Taxonomy && f.Vocabulary is not null)
            .SelectMany(f => item.Ids(f.Name).Select(id => (f.Vocabulary!, id)));
        var mediaIds = MediaReferences.Collect(type.Fields, item.Fields).Select(r => r.MediaId).ToList();
        var assets = mediaIds.Count == 0 ? null : await media.GetManyAsync(mediaIds, ct);
        return new ContentDetail(item, type, item.Text(type.SummaryField), Facts(ownTerms, vocabs), linked, groups, new DisplayLookup(vocabs, linked, assets));
    }

    private static ContentSummary Summarize(ContentHeader item, ContentTypeDefinition type, IReadOnlyList<Vocabulary> vocabs) =>
        new(item, type.DisplayName, SiteUrls.Item(type, item.Slug), Facts(item.Terms, vocabs));

    private static List<TermLink> Facts(IEnumerable<(string Vocabulary, string TermId)> terms, IReadOnlyList<Vocabulary> vocabs)
    {
        var facts = new List<TermLink>();
        var present = terms.ToHashSet();
        foreach (var vocabulary in FactVocabularies)
        {
            var vocab = vocabs.FirstOrDefault(v => v.Name == vocabulary);
            if (vocab is null) continue;
            foreach (var term in vocab.Terms.Where(t => present.Contains((vocabulary, t.Id)))) facts.Add(new(vocabulary, term.Id, term.DisplayName));
        }
        return facts;
    }
}
