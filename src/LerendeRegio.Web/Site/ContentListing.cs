using LerendeRegio.Web.Content;
using LerendeRegio.Web.Vocabularies;

namespace LerendeRegio.Web.Site;

public sealed record FilterOption(string Id, string DisplayName, int Count, bool Selected);

public sealed record FilterGroup(string Vocabulary, string DisplayName, IReadOnlyList<FilterOption> Options)
{
    public int SelectedCount => Options.Count(o => o.Selected);
}

public sealed record ContentListPage(
    ContentTypeDefinition Type,
    PagedResult<ContentSummary> Results,
    IReadOnlyList<FilterGroup> Filters,
    IReadOnlyList<TermLink> Selected);

/// <summary>A request the visitor can correct, explained in Dutch (shown with a 400).</summary>
public sealed record InputProblem(string Message);

/// <summary>The list page of a content type: filters by vocabulary terms (with counts) and paging.</summary>
public sealed class ContentListing(ContentQueries queries, ContentDisplay display, VocabularyStore vocabularies, SiteSettingsStore settings)
{
    public const string PageParameter = "pagina";
    public const int MaxTermsPerFilter = 20;

    /// <returns>The page, or a problem the visitor caused (unknown term, bad page number).</returns>
    public async Task<(ContentListPage? Page, InputProblem? Problem)> GetAsync(ContentTypeDefinition type, IQueryCollection query, CancellationToken ct = default)
    {
        var vocabs = await vocabularies.GetAllAsync(ct);
        var filterVocabularies = FilterVocabularies(type).Select(n => vocabs.FirstOrDefault(v => v.Name == n)).OfType<Vocabulary>().ToList();

        var page = 1;
        if (query.TryGetValue(PageParameter, out var pageValue) && (!int.TryParse(pageValue, out page) || page < 1 || page > 10_000))
            return (null, new InputProblem($"'{pageValue}' is geen geldig paginanummer. Gebruik een heel getal vanaf 1."));

        var filters = new List<TermFilter>();
        var selected = new List<TermLink>();
        foreach (var (key, values) in query)
        {
            if (key == PageParameter) continue;
            var vocab = filterVocabularies.FirstOrDefault(v => v.Name == key);
            if (vocab is null)
                return (null, new InputProblem($"Op '{key}' kun je bij {type.PluralDisplayName.ToLowerInvariant()} niet filteren. Mogelijk zijn: {string.Join(", ", filterVocabularies.Select(v => v.Name))}."));
            var ids = values.OfType<string>().Where(v => v.Length > 0).Distinct().ToList();
            if (ids.Count > MaxTermsPerFilter) return (null, new InputProblem($"Kies hoogstens {MaxTermsPerFilter} waarden bij {vocab.DisplayName.ToLowerInvariant()}."));
            foreach (var id in ids)
            {
                var term = vocab.Terms.FirstOrDefault(t => t.Id == id);
                if (term is null) return (null, new InputProblem($"'{id}' is geen bekende waarde van {vocab.DisplayName.ToLowerInvariant()}."));
                selected.Add(new(vocab.Name, term.Id, term.DisplayName));
            }
            if (ids.Count > 0) filters.Add(new TermFilter(vocab.Name, ids));
        }

        var pageSize = (await settings.GetAsync(ct)).PageSize;
        var listQuery = new ContentListQuery { ContentTypes = [type.Name], Terms = filters, Page = page, PageSize = pageSize };
        var result = await queries.ListAsync(listQuery, ct);
        var groups = new List<FilterGroup>();
        foreach (var vocab in filterVocabularies)
        {
            var counts = await queries.CountTermsAsync(listQuery, vocab.Name, ct);
            var chosen = filters.FirstOrDefault(f => f.Vocabulary == vocab.Name)?.TermIds ?? [];
            var options = vocab.Terms
                .Select(t => new FilterOption(t.Id, t.DisplayName, counts.GetValueOrDefault(t.Id), chosen.Contains(t.Id)))
                .Where(o => o.Count > 0 || o.Selected)
                .ToList();
            if (options.Count > 0) groups.Add(new FilterGroup(vocab.Name, vocab.DisplayName, options));
        }
        var summaries = await display.SummarizeAsync(result.Items, ct);
        return (new ContentListPage(type, new PagedResult<ContentSummary>(summaries, result.Total, page, pageSize), groups, selected), null);
    }

    /// <summary>The vocabularies a type can be filtered by: those of its taxonomy fields, also inside lists.</summary>
    public static IEnumerable<string> FilterVocabularies(ContentTypeDefinition type) =>
        type.Fields.SelectMany(f => f.Kind == FieldKind.List ? f.Fields ?? [] : [f])
            .Where(f => f.Kind == FieldKind.Taxonomy && f.Vocabulary is not null)
            .Select(f => f.Vocabulary!)
            .Distinct();
}
