using System.Net;
using System.Text;
using LerendeRegio.Web.Content;
using LerendeRegio.Web.Vocabularies;
using Lucene.Net.Analysis.TokenAttributes;
using Lucene.Net.Index;
using Lucene.Net.Search;
using Term = Lucene.Net.Index.Term;

namespace LerendeRegio.Web.Search;

public sealed record SearchHit(string Id, string Type, string Title, string Url, string? Summary, string Snippet, float Score, DateTime Published);

public sealed record FacetValue(string Id, string DisplayName, int Count, bool Selected);

public sealed record Facet(string Name, string DisplayName, IReadOnlyList<FacetValue> Values);

public sealed record SearchResult(
    int Total,
    IReadOnlyList<SearchHit> Hits,
    IReadOnlyList<Facet> Facets,
    /// <summary>"Bedoelde u …?": a corrected query when the words as typed are not in the content.</summary>
    string? DidYouMean,
    /// <summary>True when no exact match was found and the hits come from typo-tolerant matching.</summary>
    bool Approximate,
    int Page,
    int PageSize)
{
    public int PageCount => Math.Max(1, (Total + PageSize - 1) / PageSize);
}

public sealed record Suggestion(string Text, string Kind, string Url);

/// <summary>A query a visitor can correct, with the reason in Dutch (a 400 on pages and in the API).</summary>
public sealed class SearchInputException(string message) : Exception(message);

/// <summary>Searches this node's index: ranking, typo tolerance, facets, snippets and suggestions.</summary>
public sealed class SearchService(
    SearchIndex index,
    VocabularyStore vocabularies,
    ContentDefinitionStore definitions,
    ContentQueries queries,
    ContentReadCache cache,
    Site.SiteSettingsStore settings)
{
    /// <summary>The vocabularies offered as facets, in this order.</summary>
    public static readonly string[] FacetVocabularies = ["pijler", "thema", "gemeente", "doelgroep", "bewijsniveau", "werkzaam-element", "k4k-deelproject"];
    public const string TypeFacet = "type";

    public async Task<SearchResult> SearchAsync(SearchRequest request, CancellationToken ct = default)
    {
        if (request.Text.Length > SearchRequest.MaxQueryLength)
            throw new SearchInputException($"Je zoekvraag is te lang ({request.Text.Length} tekens). Houd het bij hoogstens {SearchRequest.MaxQueryLength} tekens.");
        if (request.Page is < 1 or > 1000) throw new SearchInputException("Het paginanummer moet tussen 1 en 1000 liggen.");
        if (request.PageSize is < 1 or > SearchRequest.MaxPageSize) throw new SearchInputException($"Kies 1 tot {SearchRequest.MaxPageSize} resultaten per pagina.");
        var vocabs = await vocabularies.GetAllAsync(ct);
        var types = await definitions.GetTypesAsync(ct);
        foreach (var t in request.Types.Where(t => !types.ContainsKey(t))) throw new SearchInputException($"'{t}' is geen soort inhoud. Kies uit: {string.Join(", ", types.Keys)}.");
        foreach (var (vocabulary, ids) in request.Filters)
        {
            var vocab = vocabs.FirstOrDefault(v => v.Name == vocabulary) ?? throw new SearchInputException($"Op '{vocabulary}' kun je niet filteren.");
            foreach (var id in ids.Where(id => vocab.Terms.All(t => t.Id != id))) throw new SearchInputException($"'{id}' is geen bekende waarde van {vocab.DisplayName.ToLowerInvariant()}.");
        }

        var searcher = index.Acquire() ?? throw new SearchUnavailableException(index.RebuildProgress);
        try
        {
            var parsed = ParsedQuery.Parse(request.Text);
            var synonyms = SynonymGroups(vocabs, (await settings.GetAsync(ct)).SearchSynonyms);
            // Every word first; then most words (a long question rarely has all its words in one item); then with typos.
            var (total, hits, facets) = Run(searcher, BuildTextQuery(parsed, synonyms, fuzzy: false, relaxed: true), request, types, vocabs);
            var approximate = false;
            string? didYouMean = null;
            if (total == 0 && !parsed.IsEmpty)
            {
                didYouMean = await DidYouMeanAsync(parsed, ct);
                (total, hits, facets) = Run(searcher, BuildTextQuery(parsed, synonyms, fuzzy: true, relaxed: true), request, types, vocabs);
                approximate = total > 0;
            }
            var highlightTerms = parsed.Words.Concat(parsed.Phrases.SelectMany(p => p.Split(' ')))
                .SelectMany(w => ((DutchAnalyzer)SearchIndex.QueryAnalyzer).Tokens(w)).ToHashSet();
            var result = new List<SearchHit>(hits.Count);
            foreach (var h in hits) result.Add(h with { Snippet = Snippet(await BodyTextAsync(h.Id, types, ct), h.Summary, highlightTerms) });
            return new SearchResult(total, result, facets, didYouMean, approximate, request.Page, request.PageSize);
        }
        finally
        {
            index.Release(searcher);
        }
    }

    /// <summary>The body text of a published item for its snippet, from the read cache (dropped when content changes).</summary>
    private Task<string> BodyTextAsync(string contentItemId, IReadOnlyDictionary<string, ContentTypeDefinition> types, CancellationToken ct) =>
        cache.GetOrLoadAsync(("search-body", contentItemId), async () =>
        {
            var item = await queries.GetPublishedAsync(contentItemId, ct);
            return item is not null && types.TryGetValue(item.ContentType, out var type) ? SearchDocuments.BodyText(item, type) : "";
        }, 4_000);

    private static (int Total, List<SearchHit> Hits, List<Facet> Facets) Run(
        IndexSearcher searcher, Query? text, SearchRequest request, IReadOnlyDictionary<string, ContentTypeDefinition> types, IReadOnlyList<Vocabulary> vocabs)
    {
        Query Filtered(string? except)
        {
            var all = new BooleanQuery { { text ?? new MatchAllDocsQuery(), Occur.MUST } };
            if (except != TypeFacet && request.Types.Count > 0) all.Add(Filter(SearchDocuments.Type, request.Types), Occur.MUST);
            foreach (var (vocabulary, ids) in request.Filters.Where(f => f.Key != except && f.Value.Count > 0))
                all.Add(Filter(SearchDocuments.TermField(vocabulary), ids), Occur.MUST);
            return all;
        }

        var sort = request.Sort == SearchSort.Date || text is null
            ? new Sort(new SortField(SearchDocuments.Published, SortFieldType.INT64, reverse: true), SortField.FIELD_SCORE)
            // Relevance first; among equal scores the newer item wins.
            : new Sort(SortField.FIELD_SCORE, new SortField(SearchDocuments.Published, SortFieldType.INT64, reverse: true));
        var top = TopFieldCollector.Create(sort, request.Page * request.PageSize, fillFields: true, trackDocScores: true, trackMaxScore: false, docsScoredInOrder: false);
        var facetFields = FacetVocabularies.Select(SearchDocuments.TermField).Prepend(SearchDocuments.Type).ToArray();
        var counter = new FacetCounter(facetFields);
        searcher.Search(Filtered(null), MultiCollector.Wrap(top, counter));
        var counts = counter.Counts;
        // A facet with a choice made counts as if that choice were not made, so its other values stay visible.
        foreach (var chosen in request.Filters.Where(f => f.Value.Count > 0 && FacetVocabularies.Contains(f.Key)).Select(f => f.Key).Append(request.Types.Count > 0 ? TypeFacet : null).OfType<string>())
        {
            var field = chosen == TypeFacet ? SearchDocuments.Type : SearchDocuments.TermField(chosen);
            var sideways = new FacetCounter([field]);
            searcher.Search(Filtered(chosen), sideways);
            counts[field] = sideways.Counts[field];
        }

        var docs = top.GetTopDocs((request.Page - 1) * request.PageSize, request.PageSize);
        var hits = docs.ScoreDocs.Select(sd =>
        {
            var d = searcher.Doc(sd.Doc);
            return new SearchHit(d.Get(SearchDocuments.Id), d.Get(SearchDocuments.Type), d.Get(SearchDocuments.Title), d.Get(SearchDocuments.Url),
                d.Get(SearchDocuments.Summary), "", float.IsNaN(sd.Score) ? 0 : sd.Score,
                new DateTime(d.GetField(SearchDocuments.Published).GetInt64Value() ?? 0, DateTimeKind.Utc));
        }).ToList();

        var facets = new List<Facet>
        {
            new(TypeFacet, "Soort", [.. types.Values.Select(t => new FacetValue(t.Name, t.PluralDisplayName, counts[SearchDocuments.Type].GetValueOrDefault(t.Name), request.Types.Contains(t.Name)))
                .Where(v => v.Count > 0 || v.Selected)]),
        };
        foreach (var vocabulary in FacetVocabularies)
        {
            var vocab = vocabs.FirstOrDefault(v => v.Name == vocabulary);
            if (vocab is null) continue;
            var selected = request.Filters.GetValueOrDefault(vocabulary) ?? [];
            var values = vocab.Terms.Select(t => new FacetValue(t.Id, t.DisplayName, counts[SearchDocuments.TermField(vocabulary)].GetValueOrDefault(t.Id), selected.Contains(t.Id)))
                .Where(v => v.Count > 0 || v.Selected).ToList();
            if (values.Count > 0) facets.Add(new Facet(vocabulary, vocab.DisplayName, values));
        }
        return (docs.TotalHits, hits, facets);
    }

    /// <summary>A filter: any of the values must be there, and it adds nothing to the score.</summary>
    private static ConstantScoreQuery Filter(string field, IEnumerable<string> values)
    {
        var any = new BooleanQuery();
        foreach (var v in values) any.Add(new TermQuery(new Term(field, v)), Occur.SHOULD);
        return new ConstantScoreQuery(any) { Boost = 0 };
    }

    /// <summary>
    /// Every word must match in some field (title, summary, term names, body, with their weights), or with
    /// <paramref name="relaxed"/> most of them; a synonym counts as the word; the words together as a phrase score
    /// higher; quoted phrases must occur as such.
    /// </summary>
    internal static Query? BuildTextQuery(ParsedQuery parsed, IReadOnlyDictionary<string, string[]> synonyms, bool fuzzy, bool relaxed = false)
    {
        if (parsed.IsEmpty) return null;
        var analyzer = (DutchAnalyzer)SearchIndex.QueryAnalyzer;
        // Only the words level keeps the coordination factor (an item with 3 of 3 words beats one with 2 of 3); the
        // clauses below it disable it, so matching a word in one field is not punished for the fields it is not in.
        var query = new BooleanQuery(disableCoord: true);
        var words = new BooleanQuery(disableCoord: false);
        var allTokens = new List<string>();
        foreach (var word in parsed.Words)
        {
            var tokens = analyzer.Tokens(word);
            if (tokens.Count == 0) continue; // a stop word
            allTokens.AddRange(tokens);
            var clause = new BooleanQuery(disableCoord: true);
            foreach (var token in tokens) AddFields(clause, token, 1f, fuzzy);
            // Synonyms widen the net but weigh less than the word itself, so items using the word come first.
            foreach (var alternative in synonyms.GetValueOrDefault(Folding.Fold(word)) ?? [])
            {
                var alt = analyzer.Tokens(alternative);
                if (alt.Count == 1) AddFields(clause, alt[0], SynonymWeight, fuzzy: false);
                else if (alt.Count > 1) foreach (var field in SearchDocuments.TextFields) clause.Add(Phrase(field, alt, 0, SearchDocuments.Boosts[field] * SynonymWeight), Occur.SHOULD);
            }
            words.Add(clause, Occur.SHOULD);
        }
        if (words.Clauses.Count > 0)
        {
            words.MinimumNumberShouldMatch = relaxed ? MostOf(words.Clauses.Count) : words.Clauses.Count;
            query.Add(words, Occur.MUST);
        }
        foreach (var phrase in parsed.Phrases)
        {
            var tokens = analyzer.Tokens(phrase);
            if (tokens.Count == 0) continue;
            var clause = new BooleanQuery(disableCoord: true);
            foreach (var field in SearchDocuments.TextFields) clause.Add(Phrase(field, tokens, 0, SearchDocuments.Boosts[field]), Occur.SHOULD);
            query.Add(clause, Occur.MUST);
        }
        if (allTokens.Count > 1)
        {
            query.Add(Phrase(SearchDocuments.Title, allTokens, 2, 6f), Occur.SHOULD);
            query.Add(Phrase(SearchDocuments.Body, allTokens, 2, 3f), Occur.SHOULD);
        }
        foreach (var word in parsed.Excluded)
        {
            foreach (var token in analyzer.Tokens(word))
                foreach (var field in SearchDocuments.TextFields) query.Add(new TermQuery(new Term(field, token)), Occur.MUST_NOT);
        }
        return query.Clauses.Any(c => c.Occur == Occur.MUST) ? query : null;
    }

    private const float SynonymWeight = 0.4f;

    /// <summary>How many of n words must match when not all do: 1→1, 2→1, 3→2, 4→3, 5→3, 8→5.</summary>
    internal static int MostOf(int n) => n <= 2 ? 1 : (int)Math.Ceiling(n * 0.6);

    private static void AddFields(BooleanQuery clause, string token, float weight, bool fuzzy)
    {
        foreach (var field in SearchDocuments.TextFields)
        {
            Query q = fuzzy && token.Length >= 4
                ? new FuzzyQuery(new Term(field, token), token.Length >= 7 ? 2 : 1, prefixLength: 1)
                : new TermQuery(new Term(field, token));
            q.Boost = SearchDocuments.Boosts[field] * weight;
            clause.Add(q, Occur.SHOULD);
        }
    }

    private static PhraseQuery Phrase(string field, IEnumerable<string> tokens, int slop, float boost)
    {
        var phrase = new PhraseQuery { Slop = slop, Boost = boost };
        foreach (var token in tokens) phrase.Add(new Term(field, token));
        return phrase;
    }

    /// <summary>Folded word → the other ways of saying it, from the vocabularies (a term's name and its synonyms).</summary>
    internal static IReadOnlyDictionary<string, string[]> SynonymGroups(IReadOnlyList<Vocabulary> vocabs, IReadOnlyList<IReadOnlyList<string>> curated) =>
        SynonymCache.GetValue(vocabs, v => BuildSynonymGroups(v, curated));

    // The vocabulary store hands out one list until the vocabularies change (a recipe run, which also changes the
    // curated list); compute the groups once per list.
    private static readonly System.Runtime.CompilerServices.ConditionalWeakTable<IReadOnlyList<Vocabulary>, IReadOnlyDictionary<string, string[]>> SynonymCache = [];

    private static Dictionary<string, string[]> BuildSynonymGroups(IReadOnlyList<Vocabulary> vocabs, IReadOnlyList<IReadOnlyList<string>> curated)
    {
        var groups = new Dictionary<string, string[]>();
        var sources = vocabs.SelectMany(v => v.Terms).Select(t => t.SynonymList.Prepend(t.DisplayName)).Concat(curated);
        foreach (var group in sources)
        {
            var forms = group.Select(Folding.Fold).Distinct().ToArray();
            if (forms.Length < 2) continue;
            foreach (var form in forms)
                groups[form] = [.. (groups.GetValueOrDefault(form) ?? []).Concat(forms.Where(f => f != form)).Distinct()];
        }
        return groups;
    }

    /// <summary>
    /// About 240 characters of the body around the densest cluster of query words, HTML-escaped, with the matching
    /// words in &lt;mark&gt;. Falls back to the summary when the words are not in the body.
    /// </summary>
    internal static string Snippet(string body, string? summary, IReadOnlySet<string> queryTerms, int length = 240)
    {
        foreach (var text in new[] { body, summary ?? "" })
        {
            if (text.Length == 0) continue;
            var matches = Matches(text.Length > 50_000 ? text[..50_000] : text, queryTerms);
            if (matches.Count == 0) continue;
            // The window with the most different query words wins, then the one with the most matches.
            var best = matches.Select((m, i) =>
                {
                    var inWindow = matches.Skip(i).TakeWhile(x => x.End - m.Start <= length).ToList();
                    return (m.Start, Distinct: inWindow.Select(x => x.Term).Distinct().Count(), Count: inWindow.Count);
                })
                .OrderByDescending(x => x.Distinct).ThenByDescending(x => x.Count).ThenBy(x => x.Start).First();
            var start = Math.Max(0, best.Start - 40);
            var boundary = text.LastIndexOfAny([' ', '\n'], start == 0 ? 0 : start);
            start = boundary > 0 && best.Start - boundary < 80 ? boundary + 1 : start;
            var end = Math.Min(text.Length, start + length);
            var sb = new StringBuilder();
            if (start > 0) sb.Append('…');
            var at = start;
            foreach (var (s, e, _) in matches.Where(m => m.Start >= start && m.End <= end))
            {
                sb.Append(WebUtility.HtmlEncode(text[at..s])).Append("<mark>").Append(WebUtility.HtmlEncode(text[s..e])).Append("</mark>");
                at = e;
            }
            sb.Append(WebUtility.HtmlEncode(text[at..end]));
            if (end < text.Length) sb.Append('…');
            return sb.ToString().Replace('\n', ' ');
        }
        var fallback = summary ?? body;
        return WebUtility.HtmlEncode(fallback.Length > length ? fallback[..length] + "…" : fallback);
    }

    /// <summary>
    /// Where the query's stems occur in the text: a folded (lower case, no accents), same-length copy is searched for
    /// each stem, and a hit is widened to its whole word. Cheap enough for every hit on every request, and it marks a
    /// stem inside a compound too (school in basisscholen).
    /// </summary>
    private static List<(int Start, int End, string Term)> Matches(string text, IReadOnlySet<string> queryTerms)
    {
        var matches = new List<(int Start, int End, string Term)>();
        if (queryTerms.Count == 0) return matches;
        var folded = FoldSameLength(text);
        foreach (var stem in queryTerms.Where(t => t.Length >= 3))
        {
            for (var at = folded.IndexOf(stem, StringComparison.Ordinal); at >= 0; at = folded.IndexOf(stem, at + stem.Length, StringComparison.Ordinal))
            {
                var start = at;
                while (start > 0 && char.IsLetterOrDigit(text[start - 1])) start--;
                var end = at + stem.Length;
                while (end < text.Length && char.IsLetterOrDigit(text[end])) end++;
                // A stem in the middle of an unrelated longer word ("taal" in "totaal") is not a match.
                if (start != at && end - start > stem.Length + 12) continue;
                matches.Add((start, end, stem));
            }
        }
        matches.Sort((a, b) => a.Start.CompareTo(b.Start));
        var merged = new List<(int Start, int End, string Term)>(matches.Count);
        foreach (var m in matches)
        {
            if (merged.Count > 0 && m.Start < merged[^1].End) continue;
            merged.Add(m);
        }
        return merged;
    }

    private static string FoldSameLength(string text) => string.Create(text.Length, text, static (span, source) =>
    {
        for (var i = 0; i < source.Length; i++)
        {
            var c = source[i];
            span[i] = c < 128 ? char.ToLowerInvariant(c) : char.ToLowerInvariant(c.ToString().Normalize(NormalizationForm.FormD)[0]);
        }
    });

    /// <summary>Suggestions as you type: titles of published items and vocabulary terms whose words start with what was typed.</summary>
    public async Task<IReadOnlyList<Suggestion>> SuggestAsync(string prefix, int limit = 8, CancellationToken ct = default)
    {
        var words = ParsedQuery.Parse(prefix.Length > 100 ? prefix[..100] : prefix).Words.Select(Folding.Fold).ToList();
        if (words.Count == 0) return [];
        var entries = await SuggestionEntriesAsync(ct);
        return [.. entries
            .Select(e => (Entry: e, Rank: Rank(e.Folded, words)))
            .Where(x => x.Rank > 0)
            .OrderByDescending(x => x.Rank).ThenBy(x => x.Entry.Suggestion.Text.Length)
            .Take(limit)
            .Select(x => x.Entry.Suggestion)];

        static int Rank(string[] folded, List<string> words)
        {
            // Every typed word must start some word of the entry; the last one may be unfinished.
            if (!words.All(w => folded.Any(f => f.StartsWith(w, StringComparison.Ordinal)))) return 0;
            return folded.Length > 0 && folded[0].StartsWith(words[0], StringComparison.Ordinal) ? 2 : 1;
        }
    }

    private sealed record SuggestionEntry(Suggestion Suggestion, string[] Folded);

    private Task<IReadOnlyList<SuggestionEntry>> SuggestionEntriesAsync(CancellationToken ct) =>
        cache.GetOrLoadAsync<IReadOnlyList<SuggestionEntry>>("search-suggestions", async () =>
        {
            var entries = new List<SuggestionEntry>();
            var types = await definitions.GetTypesAsync(ct);
            var all = await queries.ListAsync(new ContentListQuery { PageSize = 100_000 }, ct);
            foreach (var h in all.Items.Where(h => types.ContainsKey(h.ContentType)))
                entries.Add(new(new Suggestion(h.DisplayText, types[h.ContentType].DisplayName, Site.SiteUrls.Item(types[h.ContentType], h.Slug)), FoldedWords(h.DisplayText)));
            foreach (var v in await vocabularies.GetAllAsync(ct))
                foreach (var t in v.Terms)
                    entries.Add(new(new Suggestion(t.DisplayName, v.DisplayName, Site.SiteUrls.Term(v.Name, t.Id)), FoldedWords(t.DisplayName + " " + string.Join(' ', t.SynonymList))));
            return entries;
        }, 100_000);

    private static string[] FoldedWords(string text) => [.. ParsedQuery.Parse(text).Words.Select(Folding.Fold)];

    /// <summary>"Bedoelde u …?": each word that is not in the content replaced by the closest word that is.</summary>
    private async Task<string?> DidYouMeanAsync(ParsedQuery parsed, CancellationToken ct)
    {
        var dictionary = await cache.GetOrLoadAsync("search-words", async () =>
        {
            var all = await queries.ListAsync(new ContentListQuery { PageSize = 100_000 }, ct);
            var counts = new Dictionary<string, int>();
            foreach (var text in all.Items.SelectMany(h => new[] { h.DisplayText, h.Summary ?? "" })
                         .Concat((await vocabularies.GetAllAsync(ct)).SelectMany(v => v.Terms).SelectMany(t => t.SynonymList.Prepend(t.DisplayName))))
            {
                foreach (var w in ParsedQuery.Parse(text).Words.Select(Folding.Fold).Where(w => w.Length >= 3))
                    counts[w] = counts.GetValueOrDefault(w) + 1;
            }
            return counts;
        }, 200_000);
        var changed = false;
        var corrected = parsed.Words.Select(word =>
        {
            var folded = Folding.Fold(word);
            if (folded.Length < 4 || dictionary.ContainsKey(folded)) return word;
            var max = folded.Length >= 7 ? 2 : 1;
            var best = dictionary.Where(d => Math.Abs(d.Key.Length - folded.Length) <= max)
                .Select(d => (Word: d.Key, Distance: EditDistance(folded, d.Key, max), d.Value))
                .Where(x => x.Distance <= max)
                .OrderBy(x => x.Distance).ThenByDescending(x => x.Value).ThenBy(x => x.Word, StringComparer.Ordinal)
                .FirstOrDefault();
            if (best.Word is null) return word;
            changed = true;
            return best.Word;
        }).ToList();
        return changed ? string.Join(' ', corrected.Concat(parsed.Phrases.Select(p => $"\"{p}\""))) : null;
    }

    /// <summary>Optimal string alignment distance (Damerau–Levenshtein with adjacent swaps), stopping past <paramref name="max"/>.</summary>
    internal static int EditDistance(string a, string b, int max)
    {
        var d = new int[a.Length + 1, b.Length + 1];
        for (var i = 0; i <= a.Length; i++) d[i, 0] = i;
        for (var j = 0; j <= b.Length; j++) d[0, j] = j;
        for (var i = 1; i <= a.Length; i++)
        {
            var rowMin = int.MaxValue;
            for (var j = 1; j <= b.Length; j++)
            {
                var cost = a[i - 1] == b[j - 1] ? 0 : 1;
                d[i, j] = Math.Min(Math.Min(d[i - 1, j] + 1, d[i, j - 1] + 1), d[i - 1, j - 1] + cost);
                if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1]) d[i, j] = Math.Min(d[i, j], d[i - 2, j - 2] + 1);
                rowMin = Math.Min(rowMin, d[i, j]);
            }
            if (rowMin > max) return max + 1;
        }
        return d[a.Length, b.Length];
    }
}

/// <summary>The index is not ready yet (first build or rebuild running); the message says how far it is.</summary>
public sealed class SearchUnavailableException((int Done, int Total)? progress)
    : Exception(progress is { } p
        ? $"De zoekindex wordt opnieuw opgebouwd ({p.Done} van {p.Total} items). Probeer het over een paar seconden opnieuw."
        : "De zoekindex wordt opgebouwd. Probeer het over een paar seconden opnieuw.");

/// <summary>Counts, per facet field, the values of the matching documents (from sorted-set doc values).</summary>
internal sealed class FacetCounter(string[] fields) : ICollector
{
    private readonly Dictionary<string, Dictionary<string, int>> _counts = fields.ToDictionary(f => f, _ => new Dictionary<string, int>());
    private readonly Dictionary<string, (SortedSetDocValues Values, int[] Counts)> _segment = [];

    public Dictionary<string, Dictionary<string, int>> Counts
    {
        get
        {
            Flush();
            return _counts;
        }
    }

    public bool AcceptsDocsOutOfOrder => true;

    public void SetScorer(Scorer scorer)
    {
    }

    public void SetNextReader(AtomicReaderContext context)
    {
        Flush();
        foreach (var field in fields)
        {
            var values = context.AtomicReader.GetSortedSetDocValues(field);
            if (values is not null) _segment[field] = (values, new int[values.ValueCount]);
        }
    }

    public void Collect(int doc)
    {
        foreach (var (values, counts) in _segment.Values)
        {
            values.SetDocument(doc);
            long ord;
            while ((ord = values.NextOrd()) != SortedSetDocValues.NO_MORE_ORDS) counts[ord]++;
        }
    }

    private void Flush()
    {
        foreach (var (field, (values, counts)) in _segment)
        {
            var target = _counts[field];
            var bytes = new Lucene.Net.Util.BytesRef();
            for (var ord = 0; ord < counts.Length; ord++)
            {
                if (counts[ord] == 0) continue;
                values.LookupOrd(ord, bytes);
                var key = bytes.Utf8ToString();
                target[key] = target.GetValueOrDefault(key) + counts[ord];
            }
        }
        _segment.Clear();
    }
}
