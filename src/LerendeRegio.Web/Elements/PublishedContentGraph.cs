using LerendeRegio.Web.Content;
using LerendeRegio.Web.Data;
using Microsoft.EntityFrameworkCore;

namespace LerendeRegio.Web.Elements;

/// <summary>
/// One published item as the matrix, the element pages and related content see it: its header, its own terms, the
/// projects it belongs to, and the terms it counts under when a filter asks (its own, or its projects').
/// </summary>
public sealed class GraphItem
{
    private readonly Dictionary<string, IReadOnlySet<string>> _own;
    private readonly Dictionary<string, IReadOnlySet<string>> _effective = [];

    internal GraphItem(ContentHeader header, IReadOnlyList<string> projectIds)
    {
        Header = header;
        ProjectIds = projectIds;
        _own = header.Terms.GroupBy(t => t.Vocabulary)
            .ToDictionary(g => g.Key, g => (IReadOnlySet<string>)g.Select(t => t.TermId).ToHashSet(StringComparer.Ordinal), StringComparer.Ordinal);
    }

    public ContentHeader Header { get; }

    public string Id => Header.ContentItemId;

    public string ContentType => Header.ContentType;

    /// <summary>Published projects this item belongs to (its project pickers), in the order the item names them.</summary>
    public IReadOnlyList<string> ProjectIds { get; }

    public IReadOnlySet<string> Own(string vocabulary) => _own.GetValueOrDefault(vocabulary) ?? Empty;

    /// <summary>The terms this item counts under for a filter or a comparison (see <see cref="PublishedContentGraph.Effective"/>).</summary>
    public IReadOnlySet<string> Effective(string vocabulary) => _effective.GetValueOrDefault(vocabulary) ?? Own(vocabulary);

    internal IEnumerable<string> EffectiveVocabularies => _effective.Keys;

    internal void SetEffective(string vocabulary, IReadOnlySet<string> terms) => _effective[vocabulary] = terms;

    internal static readonly IReadOnlySet<string> Empty = new HashSet<string>();
}

/// <summary>
/// Every published item with its terms and project links, read in three queries and kept in the
/// <see cref="ContentReadCache"/> until the change log moves. The matrix, the element pages, the evidence ladder and
/// related content on detail pages are all computed from this one snapshot, so a page costs no query once it is warm.
/// </summary>
public sealed class PublishedContentGraph
{
    public const string ElementVocabulary = "werkzaam-element";
    public const string EvidenceVocabulary = "bewijsniveau";
    public const string ProjectType = "Project";

    /// <summary>
    /// School practices describe their audience by school group (<c>schooldoelgroep</c>), the others by age
    /// (<c>doelgroep</c>). To filter and compare them together, a school group counts under the age group it falls in.
    /// </summary>
    public static readonly IReadOnlyDictionary<string, string> SchoolAudienceToAudience = new Dictionary<string, string>
    {
        ["peuters"] = "0-4",
        ["groep-1-2"] = "4-6",
        ["groep-3-5"] = "6-12",
        ["groep-6-8"] = "6-12",
        ["ouders"] = "ouders-opvoeders",
        ["leerkrachten"] = "professionals",
    };

    /// <summary>
    /// Where an item names no pillar or municipality of its own (school practices have no pillar field), it counts
    /// under those of its projects: a practice of Kansen4Kinderen belongs to Welzijn because its project does.
    /// </summary>
    public static readonly IReadOnlyList<string> InheritedFromProject = ["pijler", "gemeente"];

    private readonly Dictionary<string, GraphItem> _items;
    private readonly Dictionary<(string Vocabulary, string Term), List<GraphItem>> _byTerm = [];
    private readonly Dictionary<string, List<GraphItem>> _byProject = new(StringComparer.Ordinal);

    internal PublishedContentGraph(IReadOnlyList<GraphItem> items)
    {
        _items = items.ToDictionary(i => i.Id, StringComparer.Ordinal);
        foreach (var item in items)
        {
            foreach (var vocabulary in InheritedFromProject)
            {
                if (item.Own(vocabulary).Count > 0 || item.ProjectIds.Count == 0) continue;
                var inherited = item.ProjectIds.Select(Get).OfType<GraphItem>().SelectMany(p => p.Own(vocabulary)).ToHashSet(StringComparer.Ordinal);
                if (inherited.Count > 0) item.SetEffective(vocabulary, inherited);
            }
            var school = item.Own("schooldoelgroep");
            if (school.Count > 0)
            {
                var audience = item.Own("doelgroep").Concat(school.Select(s => SchoolAudienceToAudience.GetValueOrDefault(s)).OfType<string>()).ToHashSet(StringComparer.Ordinal);
                item.SetEffective("doelgroep", audience);
            }
            foreach (var project in item.ProjectIds)
            {
                if (!_byProject.TryGetValue(project, out var list)) _byProject[project] = list = [];
                list.Add(item);
            }
        }
        // A project carries no elements itself; it counts under the elements of what belongs to it, so projects can
        // be compared with each other by what works in them.
        foreach (var (projectId, members) in _byProject)
        {
            if (Get(projectId) is not { } project) continue;
            project.SetEffective(ElementVocabulary, members.SelectMany(m => m.Own(ElementVocabulary)).ToHashSet(StringComparer.Ordinal));
        }
        foreach (var item in items)
        {
            foreach (var vocabulary in item.Header.Terms.Select(t => t.Vocabulary).Concat(item.EffectiveVocabularies).Distinct())
            {
                foreach (var term in item.Effective(vocabulary))
                {
                    if (!_byTerm.TryGetValue((vocabulary, term), out var list)) _byTerm[(vocabulary, term)] = list = [];
                    list.Add(item);
                }
            }
        }
    }

    public IReadOnlyCollection<GraphItem> Items => _items.Values;

    public GraphItem? Get(string contentItemId) => _items.GetValueOrDefault(contentItemId);

    /// <summary>Items that count under a term (<see cref="GraphItem.Effective"/>): for elements this includes projects through their items.</summary>
    public IReadOnlyList<GraphItem> WithTerm(string vocabulary, string termId) => _byTerm.GetValueOrDefault((vocabulary, termId)) ?? (IReadOnlyList<GraphItem>)[];

    /// <summary>Published items that belong to a project (through a project picker).</summary>
    public IReadOnlyList<GraphItem> InProject(string projectId) => _byProject.GetValueOrDefault(projectId) ?? (IReadOnlyList<GraphItem>)[];

    /// <summary>The evidence level of an item as a number (0–5), or null when it has none.</summary>
    public static int? EvidenceLevel(GraphItem item) =>
        item.Own(EvidenceVocabulary).Select(t => int.TryParse(t, out var level) ? level : (int?)null).Max();
}

/// <summary>Reads the <see cref="PublishedContentGraph"/> through the read cache. Drafts never enter: only published versions are read.</summary>
public sealed class PublishedContentGraphStore(LerendeRegioDbContext db, ContentReadCache cache, ContentDefinitionStore definitions)
{
    public Task<PublishedContentGraph> GetAsync(CancellationToken ct = default) =>
        cache.GetOrLoadAsync(nameof(PublishedContentGraphStore), () => LoadAsync(ct), 1_000_000);

    private async Task<PublishedContentGraph> LoadAsync(CancellationToken ct)
    {
        var types = await definitions.GetTypesAsync(ct);
        // A picker that can only point at projects says "this item belongs to that project"; a wider picker
        // (a lesson's "gerelateerd") is a looser link and does not make a column of the matrix.
        var projectFields = types.Values
            .SelectMany(t => t.Fields.Where(f => f.Kind == FieldKind.ContentPicker && f.ContentTypes is [PublishedContentGraph.ProjectType]).Select(f => (t.Name, f.Name)))
            .ToHashSet();

        var headers = await db.ContentItems.AsNoTracking().Where(v => v.Published)
            .Select(v => new ContentHeader(v.Id, v.ContentItemId, v.ContentType, v.DisplayText, v.Slug, v.PublishedUtc, v.Summary) { ModifiedUtc = v.ModifiedUtc })
            .ToListAsync(ct);
        var terms = (await (from t in db.ContentTerms.AsNoTracking()
                            join v in db.ContentItems on t.ContentItemVersionRecordId equals v.Id
                            where v.Published
                            select new { t.ContentItemVersionRecordId, t.Vocabulary, t.TermId }).ToListAsync(ct))
            .ToLookup(t => t.ContentItemVersionRecordId, t => (t.Vocabulary, t.TermId));
        var links = (await (from l in db.ContentLinks.AsNoTracking()
                            join v in db.ContentItems on l.ContentItemVersionRecordId equals v.Id
                            where v.Published
                            select new { l.ContentItemVersionRecordId, l.Field, l.TargetContentItemId }).ToListAsync(ct))
            .ToLookup(l => l.ContentItemVersionRecordId);

        var published = headers.ToDictionary(h => h.ContentItemId, h => h.ContentType, StringComparer.Ordinal);
        var items = headers.Select(h => new GraphItem(
            h with
            {
                PublishedUtc = h.PublishedUtc is { } p ? DateTime.SpecifyKind(p, DateTimeKind.Utc) : null,
                ModifiedUtc = h.ModifiedUtc is { } m ? DateTime.SpecifyKind(m, DateTimeKind.Utc) : null,
                Terms = [.. terms[h.VersionRecordId].Distinct()],
            },
            [.. links[h.VersionRecordId]
                .Where(l => projectFields.Contains((h.ContentType, l.Field)) && published.GetValueOrDefault(l.TargetContentItemId) == PublishedContentGraph.ProjectType)
                .Select(l => l.TargetContentItemId).Distinct()]))
            .ToList();
        return new PublishedContentGraph(items);
    }
}
