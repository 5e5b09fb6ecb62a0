using LerendeRegio.Web.Content;
using LerendeRegio.Web.Search;
using LerendeRegio.Web.Vocabularies;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Microsoft.Extensions.Primitives;

namespace LerendeRegio.Web.Newsletter;

public enum SavedSearchStatus
{
    /// <summary>Saved from the site by someone who gave an address; waits for the link in the confirmation mail.</summary>
    Pending,
    /// <summary>Its new matches go into the subscriber's monthly digest.</summary>
    Active,
}

/// <summary>
/// A search as on /zoeken (words and filters) whose new matches a subscriber gets in the monthly digest. Belongs to
/// one <see cref="Subscriber"/>; goes with it on unsubscribing and erasure.
/// </summary>
public sealed class SavedSearch
{
    public const int MaxNameLength = 100;

    public long Id { get; set; }

    public long SubscriberId { get; set; }

    /// <summary>What the subscriber calls it; by default made from the words and filters ("ouderbetrokkenheid · Emmen").</summary>
    public required string Name { get; set; }

    /// <summary>The words as typed on /zoeken (<c>q</c>).</summary>
    public string Text { get; set; } = "";

    /// <summary>The filters as /zoeken's query string, canonical (sorted, without paging and sorting): <c>gemeente=emmen&amp;soort=SchoolPractice</c>.</summary>
    public string Filters { get; set; } = "";

    public SavedSearchStatus Status { get; set; }

    public DateTime CreatedUtc { get; set; }

    public DateTime? ActivatedUtc { get; set; }

    public SavedSearchCriteria Criteria => new(Text, Filters);
}

/// <summary>
/// What a saved search searches for: /zoeken's words and filters. Read with <see cref="SearchRequestReader"/>, the reader of
/// the search page itself, so a saved search means what the visitor saw.
/// </summary>
public sealed record SavedSearchCriteria(string Text, string Filters)
{
    public const int MaxFiltersLength = 4000;

    /// <summary>Parameters of /zoeken that are about showing results, not about what is searched.</summary>
    private static readonly string[] Presentation =
        [SearchRequestReader.Dutch.Page, SearchRequestReader.Dutch.PageSize, SearchRequestReader.Dutch.Sort];

    /// <summary>Identifies equal searches (the same words and filters).</summary>
    public string Key => Text.Trim() + "\n" + Filters;

    /// <summary>The search as /zoeken reads it; throws <see cref="SearchInputException"/> like the page.</summary>
    public SearchRequest ToRequest() => SearchRequestReader.Read(new QueryCollection(Parameters()), SearchRequestReader.Dutch);

    /// <summary>The search as /zoeken's query string, without the question mark.</summary>
    public string QueryString => SitePath().Split('?', 2) is [_, var query] ? query : "";

    /// <summary>The site's address of this search (relative), optionally newest first.</summary>
    public string SitePath(bool newestFirst = false)
    {
        var pairs = new List<KeyValuePair<string, string?>>();
        if (Text.Length > 0) pairs.Add(new("q", Text));
        foreach (var (key, values) in QueryHelpers.ParseQuery(Filters))
            foreach (var value in values) pairs.Add(new(key, value));
        if (newestFirst) pairs.Add(new(SearchRequestReader.Dutch.Sort, SearchRequestReader.Dutch.DateSort));
        return QueryHelpers.AddQueryString("/zoeken", pairs);
    }

    /// <summary>
    /// Reads a search from /zoeken's query string (<c>q=…&amp;gemeente=emmen</c>), dropping paging and sorting, with the
    /// filters in a canonical order; throws <see cref="SearchInputException"/> for what the search page would refuse too.
    /// </summary>
    public static SavedSearchCriteria FromQueryString(string? queryString)
    {
        var parsed = QueryHelpers.ParseQuery(queryString ?? "");
        var kept = parsed.Where(p => !Presentation.Contains(p.Key)).ToDictionary(p => p.Key, p => p.Value);
        var request = SearchRequestReader.Read(new QueryCollection(kept), SearchRequestReader.Dutch);
        if (request.Text.Length > SearchRequest.MaxQueryLength)
            throw new SearchInputException($"Je zoekvraag is te lang ({request.Text.Length} tekens). Houd het bij hoogstens {SearchRequest.MaxQueryLength} tekens.");
        var filters = request.Filters.Select(f => (Key: f.Key, Values: f.Value))
            .Append((Key: SearchRequestReader.Dutch.Type, Values: request.Types))
            .Where(f => f.Values.Count > 0)
            .OrderBy(f => f.Key, StringComparer.Ordinal)
            .SelectMany(f => f.Values.Distinct().Order(StringComparer.Ordinal).Select(v => new KeyValuePair<string, string?>(f.Key, v)));
        var canonical = QueryHelpers.AddQueryString("", filters).TrimStart('?');
        if (canonical.Length > MaxFiltersLength) throw new SearchInputException("Je hebt te veel filters gekozen om deze zoekopdracht te bewaren. Haal er een paar weg.");
        return new SavedSearchCriteria(request.Text.Trim(), canonical);
    }

    private Dictionary<string, StringValues> Parameters()
    {
        var parameters = QueryHelpers.ParseQuery(Filters);
        if (Text.Length > 0) parameters["q"] = Text;
        return parameters;
    }
}

/// <summary>Names and descriptions of saved searches in the words of the site: term and type names instead of ids.</summary>
public sealed class SavedSearchVocabulary(IReadOnlyList<Vocabulary> vocabularies, IReadOnlyDictionary<string, ContentTypeDefinition> types)
{
    /// <summary>"ouderbetrokkenheid · Emmen · Schoolpraktijken": the words, then the chosen terms and types.</summary>
    public string DefaultName(SavedSearchCriteria criteria)
    {
        var request = criteria.ToRequest();
        var parts = new List<string>();
        if (request.Text.Length > 0) parts.Add(request.Text.Length > 60 ? request.Text[..57].TrimEnd() + "…" : request.Text);
        parts.AddRange(request.Filters.OrderBy(f => VocabularyOrder(f.Key)).SelectMany(f => f.Value.Select(id => TermName(f.Key, id))));
        parts.AddRange(request.Types.Select(TypeName));
        var name = string.Join(" · ", parts);
        if (name.Length == 0) name = "Alles";
        return name.Length > SavedSearch.MaxNameLength ? name[..(SavedSearch.MaxNameLength - 1)].TrimEnd() + "…" : name;
    }

    /// <summary>What it searches, for the preferences page and mail: "‘ouderbetrokkenheid’ · Gemeente: Emmen · Soort: Schoolpraktijken".</summary>
    public string Describe(SavedSearchCriteria criteria)
    {
        var request = criteria.ToRequest();
        var parts = new List<string>();
        if (request.Text.Length > 0) parts.Add($"‘{request.Text}’");
        foreach (var (vocabulary, ids) in request.Filters.OrderBy(f => VocabularyOrder(f.Key)))
            parts.Add($"{VocabularyName(vocabulary)}: {string.Join(" of ", ids.Select(id => TermName(vocabulary, id)))}");
        if (request.Types.Count > 0) parts.Add($"Soort: {string.Join(" of ", request.Types.Select(TypeName))}");
        return parts.Count == 0 ? "alles" : string.Join(" · ", parts);
    }

    /// <summary>
    /// Null when the site's search accepts the request as it is; otherwise the Dutch reason it would give (the checks of
    /// <see cref="SearchService.SearchAsync"/>), or that an empty search would find everything.
    /// </summary>
    public string? Problem(SavedSearchCriteria criteria)
    {
        SearchRequest request;
        try
        {
            request = criteria.ToRequest();
        }
        catch (SearchInputException e)
        {
            return e.Message;
        }
        foreach (var t in request.Types.Where(t => !types.ContainsKey(t)))
            return $"'{t}' is geen soort inhoud. Kies uit: {string.Join(", ", types.Keys)}.";
        foreach (var (vocabulary, ids) in request.Filters)
        {
            var vocab = vocabularies.FirstOrDefault(v => v.Name == vocabulary);
            if (vocab is null) return $"Op '{vocabulary}' kun je niet filteren.";
            foreach (var id in ids.Where(id => vocab.Terms.All(t => t.Id != id))) return $"'{id}' is geen bekende waarde van {vocab.DisplayName.ToLowerInvariant()}.";
        }
        if (request.Filters.Count == 0 && request.Types.Count == 0
            && SearchService.BuildTextQuery(ParsedQuery.Parse(request.Text), new Dictionary<string, string[]>(), fuzzy: false) is null)
        {
            return "Vul een zoekwoord in of kies een filter: een lege zoekopdracht vindt alles. Wil je alles wat nieuw is? Kies dan het algemene maandoverzicht van de nieuwsbrief.";
        }
        return null;
    }

    private static int VocabularyOrder(string name)
    {
        var index = Array.IndexOf(SearchService.FacetVocabularies, name);
        return index < 0 ? int.MaxValue : index;
    }

    private string VocabularyName(string name) => vocabularies.FirstOrDefault(v => v.Name == name)?.DisplayName ?? name;

    private string TermName(string vocabulary, string id) =>
        vocabularies.FirstOrDefault(v => v.Name == vocabulary)?.Terms.FirstOrDefault(t => t.Id == id)?.DisplayName ?? id;

    private string TypeName(string type) => types.TryGetValue(type, out var t) ? t.PluralDisplayName : type;
}

internal sealed class SavedSearchConfiguration : IEntityTypeConfiguration<SavedSearch>
{
    public void Configure(EntityTypeBuilder<SavedSearch> e)
    {
        e.ToTable("NewsletterSavedSearches");
        e.Property(x => x.Name).HasMaxLength(SavedSearch.MaxNameLength);
        e.Property(x => x.Text).HasMaxLength(SearchRequest.MaxQueryLength);
        e.Property(x => x.Filters).HasMaxLength(SavedSearchCriteria.MaxFiltersLength);
        e.Property(x => x.Status).HasConversion<string>().HasMaxLength(16);
        e.Ignore(x => x.Criteria);
        e.HasIndex(x => new { x.SubscriberId, x.Status });
        e.HasOne<Subscriber>().WithMany().HasForeignKey(x => x.SubscriberId).OnDelete(DeleteBehavior.Cascade);
    }
}
