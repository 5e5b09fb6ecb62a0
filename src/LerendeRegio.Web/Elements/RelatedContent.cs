using LerendeRegio.Web.Vocabularies;

namespace LerendeRegio.Web.Elements;

/// <summary>An item that resembles another, with the reasons in words ("deelt 3 werkzame elementen: …").</summary>
public sealed record RelatedMatch(GraphItem Item, int Score, IReadOnlyList<string> Reasons);

/// <summary>
/// Finds the items that share the most werkzame elementen, themes and target groups with an item, from the term index
/// in the <see cref="PublishedContentGraph"/>: only items that share at least one term are looked at.
/// </summary>
public static class RelatedContent
{
    public const int Max = 4;

    // A shared element says more about how two approaches work than a shared broad theme or age group.
    private const int ElementWeight = 3, ThemeWeight = 1, AudienceWeight = 1;

    public static IReadOnlyList<RelatedMatch> Find(PublishedContentGraph graph, IReadOnlyList<Vocabulary> vocabularies, string contentItemId, int max = Max)
    {
        if (graph.Get(contentItemId) is not { } item) return [];
        var isProject = item.ContentType == PublishedContentGraph.ProjectType;
        var elements = item.Effective(PublishedContentGraph.ElementVocabulary);
        var themes = item.Own("thema");
        var audience = item.Effective("doelgroep");

        var candidates = new HashSet<GraphItem>();
        foreach (var e in elements) candidates.UnionWith(graph.WithTerm(PublishedContentGraph.ElementVocabulary, e));
        foreach (var t in themes) candidates.UnionWith(graph.WithTerm("thema", t));
        foreach (var a in audience) candidates.UnionWith(graph.WithTerm("doelgroep", a));
        candidates.Remove(item);

        var matches = new List<RelatedMatch>();
        foreach (var other in candidates)
        {
            // Projects are compared with projects; interventions, practices and lessons with each other.
            if ((other.ContentType == PublishedContentGraph.ProjectType) != isProject) continue;
            var sharedElements = Shared(vocabularies, PublishedContentGraph.ElementVocabulary, elements, other.Effective(PublishedContentGraph.ElementVocabulary));
            var sharedThemes = Shared(vocabularies, "thema", themes, other.Own("thema"));
            var sharedAudience = Shared(vocabularies, "doelgroep", audience, other.Effective("doelgroep"));
            // One broad theme or age group alone is too weak a reason to call two items related.
            if (sharedElements.Count == 0 && sharedThemes.Count + sharedAudience.Count < 2) continue;
            var reasons = new List<string>();
            if (sharedElements.Count > 0)
                reasons.Add($"deelt {Dutch.Count(sharedElements.Count, "werkzaam element", "werkzame elementen")}: {Dutch.List(sharedElements.Select(t => t.DisplayName))}");
            if (sharedThemes.Count > 0)
                reasons.Add($"{(sharedThemes.Count == 1 ? "zelfde thema" : "zelfde thema's")}: {Dutch.List(sharedThemes.Select(t => t.DisplayName))}");
            if (sharedAudience.Count > 0)
                reasons.Add($"{(sharedAudience.Count == 1 ? "zelfde doelgroep" : "zelfde doelgroepen")}: {Dutch.List(sharedAudience.Select(t => t.DisplayName))}");
            matches.Add(new RelatedMatch(other, sharedElements.Count * ElementWeight + sharedThemes.Count * ThemeWeight + sharedAudience.Count * AudienceWeight, reasons));
        }
        return [.. matches
            .OrderByDescending(m => m.Score)
            .ThenByDescending(m => m.Item.Header.PublishedUtc)
            .ThenBy(m => m.Item.Header.DisplayText, Dutch.Order)
            .Take(max)];
    }

    /// <summary>The terms two sets share, in the vocabulary's own order.</summary>
    private static List<Term> Shared(IReadOnlyList<Vocabulary> vocabularies, string vocabulary, IReadOnlySet<string> mine, IReadOnlySet<string> theirs)
    {
        if (mine.Count == 0 || theirs.Count == 0) return [];
        return [.. (vocabularies.FirstOrDefault(v => v.Name == vocabulary)?.Terms ?? []).Where(t => mine.Contains(t.Id) && theirs.Contains(t.Id))];
    }
}
