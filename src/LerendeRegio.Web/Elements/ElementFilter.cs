using LerendeRegio.Web.Site;
using LerendeRegio.Web.Vocabularies;
using Microsoft.Extensions.Primitives;

namespace LerendeRegio.Web.Elements;

public enum ElementSort
{
    /// <summary>Elements that recur in the most projects first.</summary>
    Frequency,
    Name,
}

/// <summary>
/// What the visitor chose on the matrix or an element page, read from the query string so every view is a plain,
/// shareable GET URL that works without JavaScript. Within a vocabulary the terms are alternatives; different
/// vocabularies must all match.
/// </summary>
public sealed record ElementFilter
{
    public const string SortParameter = "sorteer", ViewParameter = "weergave", ProjectParameter = "project";
    public const string SortByName = "naam", SortByFrequency = "frequentie", ListView = "lijst", TableView = "tabel";
    /// <summary>The value of <see cref="ProjectParameter"/> for items that belong to no project.</summary>
    public const string NoProject = "geen";

    /// <summary>The vocabularies the matrix filters on, in the order of the form.</summary>
    public static readonly IReadOnlyList<string> Vocabularies = ["pijler", "gemeente", "doelgroep", PublishedContentGraph.EvidenceVocabulary];

    public IReadOnlyDictionary<string, IReadOnlyList<string>> Terms { get; init; } = new Dictionary<string, IReadOnlyList<string>>();
    public ElementSort Sort { get; init; } = ElementSort.Frequency;
    public bool AsList { get; init; }
    /// <summary>Element pages only: one project's items (a cell of the matrix), or <see cref="NoProject"/>.</summary>
    public string? Project { get; init; }

    public bool IsFiltered => Terms.Values.Any(t => t.Count > 0);

    public IReadOnlyList<string> Chosen(string vocabulary) => Terms.GetValueOrDefault(vocabulary) ?? [];

    public bool Matches(GraphItem item)
    {
        foreach (var (vocabulary, chosen) in Terms)
        {
            if (chosen.Count == 0) continue;
            var terms = item.Effective(vocabulary);
            if (!chosen.Any(terms.Contains)) return false;
        }
        return true;
    }

    /// <summary>A stable key for caches: the same choice in another order is the same answer.</summary>
    public string Key => string.Join('&', Terms.OrderBy(t => t.Key, StringComparer.Ordinal)
        .Select(t => t.Key + "=" + string.Join(',', t.Value.Order(StringComparer.Ordinal)))) + $"|{Sort}|{AsList}|{Project}";

    /// <summary>The query string of this filter with some parts replaced (for sort links, views and cell links).</summary>
    public string Query(ElementSort? sort = null, bool? asList = null, string? project = null, bool keepProject = false)
    {
        var parts = new List<KeyValuePair<string, string>>();
        foreach (var vocabulary in Vocabularies)
            foreach (var term in Chosen(vocabulary)) parts.Add(new(vocabulary, term));
        if ((sort ?? Sort) == ElementSort.Name) parts.Add(new(SortParameter, SortByName));
        if (asList ?? AsList) parts.Add(new(ViewParameter, ListView));
        if ((project ?? (keepProject ? Project : null)) is { } p) parts.Add(new(ProjectParameter, p));
        return parts.Count == 0 ? "" : "?" + string.Join('&', parts.Select(p => Uri.EscapeDataString(p.Key) + "=" + Uri.EscapeDataString(p.Value)));
    }

    /// <summary>Reads a filter, or explains in Dutch what is wrong with the request.</summary>
    /// <param name="allowProject">Element pages accept <c>project</c> (a cell of the matrix); the matrix itself does not.</param>
    public static (ElementFilter? Filter, InputProblem? Problem) Parse(
        IEnumerable<KeyValuePair<string, StringValues>> query, IReadOnlyList<Vocabulary> vocabularies, bool allowProject, Func<string, bool> isProject)
    {
        var terms = new Dictionary<string, IReadOnlyList<string>>(StringComparer.Ordinal);
        var sort = ElementSort.Frequency;
        var asList = false;
        string? project = null;
        var known = Vocabularies.Concat([SortParameter, ViewParameter]).Concat(allowProject ? [ProjectParameter] : []).ToList();
        foreach (var (key, values) in query)
        {
            var value = values.Count > 0 ? values[^1] ?? "" : "";
            switch (key)
            {
                case SortParameter:
                    if (value is not (SortByName or SortByFrequency or ""))
                        return (null, new InputProblem($"'{value}' is geen manier van sorteren. Kies '{SortByFrequency}' of '{SortByName}'."));
                    sort = value == SortByName ? ElementSort.Name : ElementSort.Frequency;
                    continue;
                case ViewParameter:
                    if (value is not (ListView or TableView or ""))
                        return (null, new InputProblem($"'{value}' is geen weergave. Kies '{TableView}' of '{ListView}'."));
                    asList = value == ListView;
                    continue;
                case ProjectParameter when allowProject:
                    if (value.Length > 0 && value != NoProject && !isProject(value))
                        return (null, new InputProblem($"'{value}' is geen gepubliceerd project."));
                    project = value.Length > 0 ? value : null;
                    continue;
            }
            var vocabulary = Vocabularies.Contains(key) ? vocabularies.FirstOrDefault(v => v.Name == key) : null;
            if (vocabulary is null)
                return (null, new InputProblem($"Op '{key}' kun je hier niet filteren. Mogelijk zijn: {string.Join(", ", known)}."));
            var ids = values.OfType<string>().Where(v => v.Length > 0).Distinct(StringComparer.Ordinal).ToList();
            if (ids.Count > ContentListing.MaxTermsPerFilter)
                return (null, new InputProblem($"Kies hoogstens {ContentListing.MaxTermsPerFilter} waarden bij {vocabulary.DisplayName.ToLowerInvariant()}."));
            foreach (var id in ids)
            {
                if (vocabulary.Terms.All(t => t.Id != id))
                    return (null, new InputProblem($"'{id}' is geen bekende waarde van {vocabulary.DisplayName.ToLowerInvariant()}."));
            }
            if (ids.Count > 0) terms[key] = ids;
        }
        return (new ElementFilter { Terms = terms, Sort = sort, AsList = asList, Project = project }, null);
    }
}
