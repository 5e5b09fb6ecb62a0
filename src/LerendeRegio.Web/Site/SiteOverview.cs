using LerendeRegio.Web.Content;
using LerendeRegio.Web.Vocabularies;

namespace LerendeRegio.Web.Site;

public sealed record TypeEntry(ContentTypeDefinition Type, int Count)
{
    public string Url => SiteUrls.List(Type);
}

public sealed record TermEntry(Term Term, string Vocabulary, int Count)
{
    public string Url => SiteUrls.Term(Vocabulary, Term.Id);
}

public sealed record HomePage(IReadOnlyList<TypeEntry> Types, IReadOnlyList<ContentSummary> Latest, IReadOnlyList<TermEntry> Pillars, IReadOnlyList<TermEntry> Themes);

public sealed record TermPage(Vocabulary Vocabulary, Term Term, PagedResult<ContentSummary> Items);

public sealed record VocabularyOverview(Vocabulary Vocabulary, IReadOnlyList<TermEntry> Terms);

/// <summary>The home page, the pages per vocabulary term and the overview of all vocabularies.</summary>
public sealed class SiteOverview(ContentQueries queries, ContentDisplay display, ContentDefinitionStore definitions, VocabularyStore vocabularies)
{
    public const int TermPageSize = 24;

    public async Task<HomePage> GetHomeAsync(CancellationToken ct = default)
    {
        var types = await definitions.GetTypesAsync(ct);
        var counts = await queries.CountByTypeAsync(ct);
        var latest = await queries.ListAsync(new ContentListQuery { ContentTypes = [.. types.Keys.Where(t => t != "Project")], PageSize = 6 }, ct);
        return new HomePage(
            [.. OrderedTypes(types).Select(t => new TypeEntry(t, counts.GetValueOrDefault(t.Name)))],
            await display.SummarizeAsync(latest.Items, ct),
            await TermsWithCountsAsync("pijler", ct),
            [.. (await TermsWithCountsAsync("thema", ct)).Where(t => t.Count > 0)]);
    }

    public async Task<IReadOnlyList<VocabularyOverview>> GetVocabulariesAsync(CancellationToken ct = default)
    {
        var list = new List<VocabularyOverview>();
        foreach (var v in await vocabularies.GetAllAsync(ct)) list.Add(new(v, await TermsWithCountsAsync(v.Name, ct)));
        return list;
    }

    public async Task<(TermPage? Page, InputProblem? Problem)> GetTermAsync(string vocabulary, string termId, int page, CancellationToken ct = default)
    {
        var vocab = await vocabularies.GetAsync(vocabulary, ct);
        var term = vocab?.Terms.FirstOrDefault(t => t.Id == termId);
        if (vocab is null || term is null) return (null, null);
        if (page < 1 || page > 10_000) return (null, new InputProblem("Dat is geen geldig paginanummer. Gebruik een heel getal vanaf 1."));
        var result = await queries.ListAsync(new ContentListQuery { Terms = [new TermFilter(vocabulary, [termId])], Page = page, PageSize = TermPageSize }, ct);
        var summaries = await display.SummarizeAsync(result.Items, ct);
        return (new TermPage(vocab, term, new PagedResult<ContentSummary>(summaries, result.Total, page, TermPageSize)), null);
    }

    /// <summary>Types in the order a visitor meets them: projects last, as the hub behind the rest.</summary>
    public static IEnumerable<ContentTypeDefinition> OrderedTypes(IReadOnlyDictionary<string, ContentTypeDefinition> types)
    {
        string[] order = ["Intervention", "SchoolPractice", "LessonLearned", "Project"];
        return types.Values.OrderBy(t => Array.IndexOf(order, t.Name) is var i && i < 0 ? int.MaxValue : i).ThenBy(t => t.DisplayName);
    }

    private async Task<IReadOnlyList<TermEntry>> TermsWithCountsAsync(string vocabulary, CancellationToken ct)
    {
        var vocab = await vocabularies.GetAsync(vocabulary, ct);
        if (vocab is null) return [];
        var counts = await queries.CountTermsAsync(new ContentListQuery(), vocabulary, ct);
        return [.. vocab.Terms.Select(t => new TermEntry(t, vocabulary, counts.GetValueOrDefault(t.Id)))];
    }
}
