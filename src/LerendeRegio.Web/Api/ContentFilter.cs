using LerendeRegio.Web.Content;
using LerendeRegio.Web.Site;
using LerendeRegio.Web.Vocabularies;

namespace LerendeRegio.Web.Api;

/// <summary>
/// Reads <c>type</c> and vocabulary filters (<c>?thema=…&amp;gemeente=…</c>, as on the list pages) from a query string,
/// for the API list and the feeds. Anything unknown is a problem the client can correct, never ignored.
/// </summary>
public sealed class ContentFilter(ContentDefinitionStore definitions, VocabularyStore vocabularies)
{
    public const string TypeParameter = "type";

    public async Task<(ContentListQuery? Query, ApiProblem? Problem)> ParseAsync(IQueryCollection query, IReadOnlySet<string> otherParameters, CancellationToken ct)
    {
        var types = await definitions.GetTypesAsync(ct);
        var vocabs = await vocabularies.GetAllAsync(ct);
        IReadOnlyList<ContentTypeDefinition> selected = [.. types.Values];
        if (query.TryGetValue(TypeParameter, out var typeValue))
        {
            var name = typeValue.ToString();
            var type = types.Values.FirstOrDefault(t => string.Equals(t.Name, name, StringComparison.OrdinalIgnoreCase));
            if (type is null) return (null, ApiProblem.UnknownType(name, types.Keys.Order(StringComparer.Ordinal)));
            selected = [type];
        }
        var allowed = selected.SelectMany(ContentListing.FilterVocabularies).Distinct().ToList();

        var filters = new List<TermFilter>();
        foreach (var (key, values) in query)
        {
            if (key == TypeParameter || otherParameters.Contains(key)) continue;
            var vocab = allowed.Contains(key) ? vocabs.FirstOrDefault(v => v.Name == key) : null;
            if (vocab is null) return (null, ApiProblem.UnknownFilter(key, allowed));
            var ids = values.OfType<string>().Where(v => v.Length > 0).Distinct().ToList();
            if (ids.Count > ContentListing.MaxTermsPerFilter) return (null, ApiProblem.TooManyTerms(vocab.Name, ContentListing.MaxTermsPerFilter));
            var unknown = ids.FirstOrDefault(id => vocab.Terms.All(t => t.Id != id));
            if (unknown is not null) return (null, ApiProblem.UnknownTerm(vocab.Name, unknown));
            if (ids.Count > 0) filters.Add(new TermFilter(vocab.Name, ids));
        }
        return (new ContentListQuery { ContentTypes = [.. selected.Select(t => t.Name)], Terms = filters }, null);
    }
}
