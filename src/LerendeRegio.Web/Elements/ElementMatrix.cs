using LerendeRegio.Web.Content;
using LerendeRegio.Web.Site;
using LerendeRegio.Web.Vocabularies;

namespace LerendeRegio.Web.Elements;

/// <summary>A column of the matrix: a project, or (with a null id) the items that belong to no project.</summary>
public sealed record MatrixColumn(string? ProjectId, string Title, string? Url)
{
    public string ParameterValue => ProjectId ?? ElementFilter.NoProject;
}

/// <summary>One werkzaam element across the columns, with the items behind every cell.</summary>
public sealed record MatrixRow(Term Element, IReadOnlyList<IReadOnlyList<GraphItem>> Cells, IReadOnlyList<GraphItem> Items, int ProjectCount, IReadOnlyList<Term> Municipalities)
{
    public string Url => ElementUrls.Element(Element.Id);

    public int ItemsWithoutProject => Items.Count(i => i.ProjectIds.Count == 0);

    /// <summary>The row total in words: "komt terug in 7 projecten in 4 gemeenten".</summary>
    public string Totals
    {
        get
        {
            var where = Municipalities.Count > 0 ? " in " + Dutch.Municipalities(Municipalities.Count) : "";
            // Items outside the projects have their own column; the sentence only names them when there is nothing else.
            return ProjectCount == 0
                ? $"komt voor in {Dutch.Items(Items.Count)} buiten de projecten{where}"
                : $"komt terug in {Dutch.Projects(ProjectCount)}{where}";
        }
    }
}

public sealed record ElementMatrix(
    ElementFilter Filter,
    IReadOnlyList<MatrixColumn> Columns,
    IReadOnlyList<MatrixRow> Rows,
    IReadOnlyList<GraphItem> Items,
    IReadOnlyList<string> Summary,
    IReadOnlyList<FilterGroup> Filters,
    IReadOnlyList<TermLink> Selected);

public static class ElementUrls
{
    public const string Matrix = "/werkzame-elementen";
    public const string MatrixCsv = "/werkzame-elementen.csv";
    public const string EvidenceLadder = "/bewijsladder";

    public static string Element(string termId) => $"{Matrix}/{termId}";
}

/// <summary>
/// Computes the werkzame-elementen matrix from the published content graph: elements (rows) × projects (columns);
/// a cell holds the interventions, practices and lessons that carry the element and belong to the project.
/// </summary>
public static class ElementMatrixBuilder
{
    public static ElementMatrix Build(PublishedContentGraph graph, IReadOnlyList<Vocabulary> vocabularies, IReadOnlyDictionary<string, ContentTypeDefinition> types, ElementFilter filter)
    {
        var elements = vocabularies.FirstOrDefault(v => v.Name == PublishedContentGraph.ElementVocabulary)?.Terms ?? [];
        var municipalities = vocabularies.FirstOrDefault(v => v.Name == "gemeente")?.Terms ?? [];
        // Everything that carries an element itself (projects only inherit them, so they are the columns, not cells).
        var carriers = graph.Items.Where(i => i.ContentType != PublishedContentGraph.ProjectType && i.Own(PublishedContentGraph.ElementVocabulary).Count > 0).ToList();
        var items = carriers.Where(filter.Matches).OrderBy(i => i.Header.DisplayText, Dutch.Order).ToList();

        var columns = items.SelectMany(i => i.ProjectIds).Distinct()
            .Select(graph.Get).OfType<GraphItem>()
            .Select(p => new MatrixColumn(p.Id, p.Header.DisplayText, types.TryGetValue(p.ContentType, out var t) ? SiteUrls.Item(t, p.Header.Slug) : null))
            .ToList();
        if (items.Any(i => i.ProjectIds.Count == 0)) columns.Add(new MatrixColumn(null, "Buiten de projecten", null));

        var rows = new List<MatrixRow>();
        foreach (var element in elements)
        {
            var withElement = items.Where(i => i.Own(PublishedContentGraph.ElementVocabulary).Contains(element.Id)).ToList();
            if (withElement.Count == 0) continue;
            var cells = columns.Select(c => (IReadOnlyList<GraphItem>)[.. withElement.Where(i => c.ProjectId is null ? i.ProjectIds.Count == 0 : i.ProjectIds.Contains(c.ProjectId))]).ToList();
            var places = withElement.SelectMany(i => i.Effective("gemeente")).ToHashSet(StringComparer.Ordinal);
            rows.Add(new MatrixRow(element, cells, withElement,
                withElement.SelectMany(i => i.ProjectIds).Distinct().Count(),
                [.. municipalities.Where(m => places.Contains(m.Id))]));
        }
        rows = filter.Sort == ElementSort.Name
            ? [.. rows.OrderBy(r => r.Element.DisplayName, Dutch.Order)]
            : [.. rows.OrderByDescending(r => r.ProjectCount).ThenByDescending(r => r.Items.Count).ThenBy(r => r.Element.DisplayName, Dutch.Order)];

        // Busy columns first, so the dense part of the matrix is where the eye starts; "outside the projects" last.
        var order = columns.Select((c, i) => (Column: c, Filled: rows.Count(r => r.Cells[i].Count > 0), Index: i))
            .OrderBy(x => x.Column.ProjectId is null).ThenByDescending(x => x.Filled).ThenBy(x => x.Column.Title, Dutch.Order)
            .Select(x => x.Index).ToList();
        columns = [.. order.Select(i => columns[i])];
        rows = [.. rows.Select(r => r with { Cells = [.. order.Select(i => r.Cells[i])] })];

        var (groups, selected) = FilterGroups(carriers, vocabularies, filter);
        return new ElementMatrix(filter, columns, rows, items, Summarize(items, rows, columns, types, filter), groups, selected);
    }

    private static List<string> Summarize(List<GraphItem> items, List<MatrixRow> rows, List<MatrixColumn> columns, IReadOnlyDictionary<string, ContentTypeDefinition> types, ElementFilter filter)
    {
        if (items.Count == 0)
            return [filter.IsFiltered
                ? "Met deze filters is er geen interventie, schoolpraktijk of les met werkzame elementen gevonden. Haal een filter weg om meer te zien."
                : "Er is nog geen gepubliceerde inhoud met werkzame elementen."];
        var byType = SiteOverview.OrderedTypes(types)
            .Select(t => (Type: t, Count: items.Count(i => i.ContentType == t.Name)))
            .Where(x => x.Count > 0)
            .Select(x => $"{x.Count} {(x.Count == 1 ? x.Type.DisplayName : x.Type.PluralDisplayName).ToLowerInvariant()}");
        var projectCount = columns.Count(c => c.ProjectId is not null);
        var lines = new List<string>
        {
            $"Deze tabel laat zien welke werkzame elementen in welke projecten terugkomen. Hij is berekend uit {Dutch.List(byType)}"
                + $"{(filter.IsFiltered ? " die passen bij de gekozen filters" : "")}: samen {Dutch.Count(rows.Count, "werkzaam element", "werkzame elementen")} in {Dutch.Projects(projectCount)}.",
        };
        var top = rows.OrderByDescending(r => r.ProjectCount).ThenByDescending(r => r.Items.Count).ThenBy(r => r.Element.DisplayName, Dutch.Order).Take(3).ToList();
        if (top.Count > 0 && top[0].ProjectCount > 0)
        {
            var first = top[0];
            var next = top.Skip(1).Where(r => r.ProjectCount > 0).Select(r => $"{r.Element.DisplayName} ({Dutch.Projects(r.ProjectCount)})").ToList();
            lines.Add($"Het vaakst komt {first.Element.DisplayName} terug: {first.Totals.Replace("komt terug ", "", StringComparison.Ordinal)}."
                + (next.Count > 0 ? $" Daarna volgen {Dutch.List(next)}." : ""));
        }
        return lines;
    }

    /// <summary>The filter form: each vocabulary's terms with how many matrix items carry them, counted under the other filters.</summary>
    private static (List<FilterGroup>, List<TermLink>) FilterGroups(List<GraphItem> carriers, IReadOnlyList<Vocabulary> vocabularies, ElementFilter filter)
    {
        var groups = new List<FilterGroup>();
        var selected = new List<TermLink>();
        foreach (var name in ElementFilter.Vocabularies)
        {
            var vocabulary = vocabularies.FirstOrDefault(v => v.Name == name);
            if (vocabulary is null) continue;
            var others = filter with { Terms = filter.Terms.Where(t => t.Key != name).ToDictionary() };
            var pool = carriers.Where(others.Matches).ToList();
            var chosen = filter.Chosen(name);
            var options = vocabulary.Terms
                .Select(t => new FilterOption(t.Id, t.DisplayName, pool.Count(i => i.Effective(name).Contains(t.Id)), chosen.Contains(t.Id)))
                .Where(o => o.Count > 0 || o.Selected)
                .ToList();
            if (options.Count > 0) groups.Add(new FilterGroup(name, vocabulary.DisplayName, options));
            selected.AddRange(vocabulary.Terms.Where(t => chosen.Contains(t.Id)).Select(t => new TermLink(name, t.Id, t.DisplayName)));
        }
        return (groups, selected);
    }
}
