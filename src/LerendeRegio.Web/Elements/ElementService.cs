using System.Text.Json.Nodes;
using LerendeRegio.Web.Content;
using LerendeRegio.Web.Data;
using LerendeRegio.Web.Site;
using LerendeRegio.Web.Vocabularies;
using Microsoft.EntityFrameworkCore;

namespace LerendeRegio.Web.Elements;

/// <summary>Where an element occurs: an item, how it works there in its own words, its evidence and its projects.</summary>
public sealed record ElementOccurrence(ContentSummary Item, string? Explanation, EvidenceRung? Level, IReadOnlyList<MatrixColumn> Projects);

public sealed record ProjectCount(MatrixColumn Project, int Items);

public sealed record ElementNeighbour(Term Element, int Items)
{
    public string Url => ElementUrls.Element(Element.Id);
}

/// <summary>The page of one werkzaam element: what it is, other names, where it occurs and what was learned about it.</summary>
public sealed record ElementPage(
    Term Element,
    IReadOnlyList<string> Synonyms,
    ElementFilter Filter,
    MatrixRow? Row,
    MatrixColumn? Project,
    IReadOnlyList<ProjectCount> Projects,
    IReadOnlyList<TermLink> Municipalities,
    IReadOnlyList<IGrouping<string, ElementOccurrence>> Practice,
    IReadOnlyList<ElementOccurrence> Lessons,
    IReadOnlyList<ElementNeighbour> AlsoWith,
    IReadOnlyList<TermLink> Selected);

public sealed record LadderLevelCount(EvidenceRung Rung, IReadOnlyList<(ContentTypeDefinition Type, int Count)> Counts);

/// <summary>The page that explains the evidence ladder, with how much published content stands on every rung.</summary>
public sealed record LadderPage(IReadOnlyList<LadderLevelCount> Levels, IReadOnlyList<(ContentTypeDefinition Type, int Count)> NotJudged);

public sealed record RelatedCard(ContentSummary Item, IReadOnlyList<string> Reasons);

/// <summary>What a detail page adds from this feature: the evidence box (interventions, practices) and related content.</summary>
public sealed record ItemInsights(EvidenceView? Evidence, IReadOnlyList<RelatedCard> Related);

/// <summary>
/// The pages of the werkzame-elementen feature ask only this service. Everything is computed from the
/// <see cref="PublishedContentGraph"/> and kept in the read cache per change-log generation, like the rest of the
/// public site's reads.
/// </summary>
public sealed class ElementService(
    PublishedContentGraphStore graphs,
    VocabularyStore vocabularies,
    ContentDefinitionStore definitions,
    SiteSettingsStore settings,
    ContentDisplay display,
    ContentReadCache cache,
    LerendeRegioDbContext db)
{
    public async Task<(ElementMatrix? Matrix, InputProblem? Problem)> GetMatrixAsync(IQueryCollection query, CancellationToken ct = default)
    {
        var graph = await graphs.GetAsync(ct);
        var (filter, problem) = ElementFilter.Parse(query, await vocabularies.GetAllAsync(ct), allowProject: false, _ => false);
        if (filter is null) return (null, problem);
        return (await GetMatrixAsync(filter, ct), null);
    }

    public Task<ElementMatrix> GetMatrixAsync(ElementFilter filter, CancellationToken ct = default) =>
        cache.GetOrLoadAsync((nameof(GetMatrixAsync), filter.Key), async () =>
            ElementMatrixBuilder.Build(await graphs.GetAsync(ct), await vocabularies.GetAllAsync(ct), await definitions.GetTypesAsync(ct), filter), 50_000);

    /// <returns>The page; (null, null) for an unknown element (404); a problem for a bad filter (400).</returns>
    public async Task<(ElementPage? Page, InputProblem? Problem)> GetElementAsync(string elementId, IQueryCollection query, CancellationToken ct = default)
    {
        var vocabs = await vocabularies.GetAllAsync(ct);
        var element = vocabs.FirstOrDefault(v => v.Name == PublishedContentGraph.ElementVocabulary)?.Terms.FirstOrDefault(t => t.Id == elementId);
        if (element is null) return (null, null);
        var graph = await graphs.GetAsync(ct);
        var (filter, problem) = ElementFilter.Parse(query, vocabs, allowProject: true, id => graph.Get(id)?.ContentType == PublishedContentGraph.ProjectType);
        if (filter is null) return (null, problem);
        var page = await cache.GetOrLoadAsync((nameof(GetElementAsync), elementId, filter.Key), () => BuildElementAsync(element, filter, graph, vocabs, ct), 30_000);
        return (page, null);
    }

    private async Task<ElementPage> BuildElementAsync(Term element, ElementFilter filter, PublishedContentGraph graph, IReadOnlyList<Vocabulary> vocabs, CancellationToken ct)
    {
        var matrix = await GetMatrixAsync(filter with { Project = null, AsList = false }, ct);
        var row = matrix.Rows.FirstOrDefault(r => r.Element.Id == element.Id);
        var project = filter.Project is null ? null : matrix.Columns.FirstOrDefault(c => c.ParameterValue == filter.Project)
            ?? (graph.Get(filter.Project) is { } p ? new MatrixColumn(p.Id, p.Header.DisplayText, null) : new MatrixColumn(null, "Buiten de projecten", null));
        var items = (row?.Items ?? []).Where(i => project is null || (project.ProjectId is null ? i.ProjectIds.Count == 0 : i.ProjectIds.Contains(project.ProjectId))).ToList();

        var summaries = (await display.SummarizeAsync(items.Select(i => i.Header), ct)).ToDictionary(s => s.Item.ContentItemId);
        var explanations = await ExplanationsAsync(items, element.Id, ct);
        var rungs = EvidenceLadder.Rungs(vocabs);
        var columns = matrix.Columns.Where(c => c.ProjectId is not null).ToDictionary(c => c.ProjectId!);
        var occurrences = items.Where(i => summaries.ContainsKey(i.Id)).Select(i => new ElementOccurrence(
            summaries[i.Id],
            explanations.GetValueOrDefault(i.Id),
            PublishedContentGraph.EvidenceLevel(i) is { } level ? rungs.FirstOrDefault(r => r.Level == level) : null,
            [.. i.ProjectIds.Select(columns.GetValueOrDefault).OfType<MatrixColumn>()])).ToList();
        var types = await definitions.GetTypesAsync(ct);
        var order = SiteOverview.OrderedTypes(types).Select(t => t.DisplayName).ToList();

        var projects = row is null ? [] : matrix.Columns.Select((c, i) => new ProjectCount(c, row.Cells[i].Count)).Where(p => p.Items > 0 && p.Project.ProjectId is not null).ToList();
        var alsoWith = items.SelectMany(i => i.Own(PublishedContentGraph.ElementVocabulary)).Where(e => e != element.Id)
            .GroupBy(e => e).Select(g => (Id: g.Key, Count: g.Count()))
            .Join(vocabs.First(v => v.Name == PublishedContentGraph.ElementVocabulary).Terms, x => x.Id, t => t.Id, (x, t) => new ElementNeighbour(t, x.Count))
            .OrderByDescending(n => n.Items).ThenBy(n => n.Element.DisplayName, Dutch.Order).Take(5).ToList();

        return new ElementPage(
            element,
            await SynonymsAsync(element, ct),
            filter,
            row,
            project,
            projects,
            [.. (row?.Municipalities ?? []).Select(m => new TermLink("gemeente", m.Id, m.DisplayName))],
            [.. occurrences.Where(o => o.Item.Item.ContentType != "LessonLearned").GroupBy(o => o.Item.TypeDisplayName).OrderBy(g => order.IndexOf(g.Key))],
            [.. occurrences.Where(o => o.Item.Item.ContentType == "LessonLearned")],
            alsoWith,
            matrix.Selected);
    }

    /// <summary>The element's other names: its synonyms in the vocabulary, and the search synonyms that share a word with them.</summary>
    private async Task<IReadOnlyList<string>> SynonymsAsync(Term element, CancellationToken ct)
    {
        var names = element.SynonymList.Prepend(element.DisplayName).ToList();
        var result = new List<string>(element.SynonymList);
        foreach (var group in (await settings.GetAsync(ct)).SearchSynonyms)
        {
            if (group.Any(w => names.Contains(w, StringComparer.OrdinalIgnoreCase))) result.AddRange(group);
        }
        return [.. result.Where(w => !string.Equals(w, element.DisplayName, StringComparison.OrdinalIgnoreCase)).Distinct(StringComparer.OrdinalIgnoreCase)];
    }

    /// <summary>
    /// How each item explains the element in its own words: the text beside the element in a repeatable group
    /// ("werkzame elementen" with a "toelichting"). One query for all items.
    /// </summary>
    private async Task<Dictionary<string, string>> ExplanationsAsync(IReadOnlyList<GraphItem> items, string elementId, CancellationToken ct)
    {
        var types = await definitions.GetTypesAsync(ct);
        var groups = types.Values.ToDictionary(t => t.Name, t => t.Fields
            .Where(f => f.Kind == FieldKind.List && f.Fields is not null && f.Fields.Any(s => s.Kind == FieldKind.Taxonomy && s.Vocabulary == PublishedContentGraph.ElementVocabulary))
            .Select(f => (List: f.Name,
                Term: f.Fields!.First(s => s.Kind == FieldKind.Taxonomy && s.Vocabulary == PublishedContentGraph.ElementVocabulary).Name,
                Text: f.Fields!.FirstOrDefault(s => s.Kind is FieldKind.Text or FieldKind.Markdown)?.Name))
            .Where(g => g.Text is not null).ToList());
        var wanted = items.Where(i => groups.GetValueOrDefault(i.ContentType) is { Count: > 0 }).Select(i => i.Header.VersionRecordId).ToList();
        if (wanted.Count == 0) return [];
        var records = await db.ContentItems.AsNoTracking().Where(v => wanted.Contains(v.Id)).Select(v => new { v.ContentItemId, v.ContentType, v.Data }).ToListAsync(ct);
        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var record in records)
        {
            if (JsonNode.Parse(record.Data) is not JsonObject fields) continue;
            foreach (var (list, term, text) in groups[record.ContentType])
            {
                var entry = (fields[list] as JsonArray ?? []).OfType<JsonObject>().FirstOrDefault(e => ContentValues.Strings(e[term]).Contains(elementId));
                if (entry?[text!] is JsonValue v && v.TryGetValue<string>(out var explanation) && explanation.Length > 0) result[record.ContentItemId] = explanation;
            }
        }
        return result;
    }

    public Task<LadderPage> GetLadderAsync(CancellationToken ct = default) =>
        cache.GetOrLoadAsync(nameof(GetLadderAsync), async () =>
        {
            var graph = await graphs.GetAsync(ct);
            var types = SiteOverview.OrderedTypes(await definitions.GetTypesAsync(ct)).Where(EvidenceLadder.Applies).ToList();
            var rungs = EvidenceLadder.Rungs(await vocabularies.GetAllAsync(ct));
            var levels = rungs.Select(r => new LadderLevelCount(r,
                [.. types.Select(t => (t, graph.Items.Count(i => i.ContentType == t.Name && PublishedContentGraph.EvidenceLevel(i) == r.Level)))])).ToList();
            var notJudged = types.Select(t => (t, graph.Items.Count(i => i.ContentType == t.Name && PublishedContentGraph.EvidenceLevel(i) is null))).ToList();
            return new LadderPage(levels, notJudged);
        }, 5_000);

    /// <summary>The evidence box and related items of a detail page; cached per published version.</summary>
    public Task<ItemInsights> GetInsightsAsync(ContentDetail detail, CancellationToken ct = default) =>
        cache.GetOrLoadAsync((nameof(GetInsightsAsync), detail.Item.ContentItemVersionId), () => BuildInsightsAsync(detail, ct), 8_000);

    private async Task<ItemInsights> BuildInsightsAsync(ContentDetail detail, CancellationToken ct)
    {
        var graph = await graphs.GetAsync(ct);
        var vocabs = await vocabularies.GetAllAsync(ct);
        var item = detail.Item;

        var matches = RelatedContent.Find(graph, vocabs, item.ContentItemId);
        var related = (await display.SummarizeAsync(matches.Select(m => m.Item.Header), ct)).ToDictionary(s => s.Item.ContentItemId);
        var cards = matches.Where(m => related.ContainsKey(m.Item.Id)).Select(m => new RelatedCard(related[m.Item.Id], m.Reasons)).ToList();

        EvidenceView? evidence = null;
        if (EvidenceLadder.Applies(detail.Type))
        {
            var rungs = EvidenceLadder.Rungs(vocabs);
            var level = item.Ids(PublishedContentGraph.EvidenceVocabulary).Select(t => int.TryParse(t, out var l) ? l : (int?)null).Max();
            var current = level is { } n ? rungs.FirstOrDefault(r => r.Level == n) : null;
            evidence = new EvidenceView(rungs, current,
                current is null ? null : item.Text(EvidenceLadder.JudgedByField),
                current is null ? null : item.Text(EvidenceLadder.JudgedOnField),
                await RecognisedAsync(graph, vocabs, item.ContentItemId, ct));
        }
        return new ItemInsights(evidence, cards);
    }

    /// <summary>Recognised interventions (level 2 or higher) that share at least one werkzaam element with the item.</summary>
    private async Task<IReadOnlyList<RecognisedIntervention>> RecognisedAsync(PublishedContentGraph graph, IReadOnlyList<Vocabulary> vocabs, string contentItemId, CancellationToken ct)
    {
        if (graph.Get(contentItemId) is not { } self) return [];
        var mine = self.Own(PublishedContentGraph.ElementVocabulary);
        var elementTerms = vocabs.FirstOrDefault(v => v.Name == PublishedContentGraph.ElementVocabulary)?.Terms ?? [];
        var found = mine.SelectMany(e => graph.WithTerm(PublishedContentGraph.ElementVocabulary, e)).Distinct()
            .Where(i => i != self && i.ContentType == "Intervention" && PublishedContentGraph.EvidenceLevel(i) >= EvidenceLadder.RecognisedFrom)
            .Select(i => (Item: i, Level: PublishedContentGraph.EvidenceLevel(i)!.Value, Shared: elementTerms.Where(t => mine.Contains(t.Id) && i.Own(PublishedContentGraph.ElementVocabulary).Contains(t.Id)).ToList()))
            .OrderByDescending(x => x.Shared.Count).ThenByDescending(x => x.Level).ThenBy(x => x.Item.Header.DisplayText, Dutch.Order)
            .Take(5).ToList();
        var summaries = (await display.SummarizeAsync(found.Select(f => f.Item.Header), ct)).ToDictionary(s => s.Item.ContentItemId);
        return [.. found.Where(f => summaries.ContainsKey(f.Item.Id)).Select(f => new RecognisedIntervention(summaries[f.Item.Id], f.Level, f.Shared))];
    }
}
