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
            var (total, hits, facets) = Run(searcher, TextQuery(request.Text, parsed, synonyms, fuzzy: false), request, types, vocabs);
            var approximate = false;
            string? didYouMean = null;
            if (total == 0 && !parsed.IsEmpty)
            {
                didYouMean = await DidYouMeanAsync(parsed, ct);
                (total, hits, facets) = Run(searcher, TextQuery(request.Text, parsed, synonyms, fuzzy: true), request, types, vocabs);
                approximate = total > 0;
            }
            var highlightStems = HighlightStems(parsed.Words.Concat(parsed.Phrases.SelectMany(p => p.Split(' '))).SelectMany(QueryTokens));
            var result = new List<SearchHit>(hits.Count);
            foreach (var h in hits) result.Add(h with { Snippet = Snippet(await BodyTextAsync(h.Id, types, ct), h.Summary, highlightStems) });
            return new SearchResult(total, result, facets, didYouMean, approximate, request.Page, request.PageSize);
        }
        finally
        {
            index.Release(searcher);
        }
    }

    /// <summary>
    /// The body text of a published item for its snippet, with its folded copy, kept until content changes: folding it
    /// on every request was a third of what a search allocated.
    /// </summary>
    /// <remarks>Ten per search: kept in a table of the read cache (<see cref="ContentReadCache.Table{T}"/>), at most about 20 million characters.</remarks>
    private async ValueTask<SnippetText> BodyTextAsync(string contentItemId, IReadOnlyDictionary<string, ContentTypeDefinition> types, CancellationToken ct)
    {
        var bodies = cache.Table<SnippetText>("search-body", 20_000_000);
        if (bodies is not null && bodies.TryGet(contentItemId, out var kept)) return kept;
        var generation = cache.Generation;
        var item = await queries.GetPublishedAsync(contentItemId, ct);
        var text = SnippetText.Of(item is not null && types.TryGetValue(item.ContentType, out var type) ? SearchDocuments.BodyText(item, type) : "");
        bodies?.Add(contentItemId, text, generation, text.Text.Length);
        return text;
    }

    /// <summary>A text to take a snippet from (at most 50 000 characters) and its lower-case, accent-free copy of the same length.</summary>
    internal sealed record SnippetText(string Text, string Folded)
    {
        public static SnippetText Of(string text)
        {
            var cut = text.Length > 50_000 ? text[..50_000] : text;
            return new(cut, FoldSameLength(cut));
        }
    }

    internal static readonly string[] FacetFields = [SearchDocuments.Type, .. FacetVocabularies.Select(SearchDocuments.TermField)];

    private static (int Total, List<SearchHit> Hits, List<Facet> Facets) Run(
        IndexSearcher searcher, Query? text, SearchRequest request, IReadOnlyDictionary<string, ContentTypeDefinition> types, IReadOnlyList<Vocabulary> vocabs)
    {
        var (docs, counter, counters) = RankAndCount(searcher, text, request);
        var hits = docs.ScoreDocs.Select(sd =>
        {
            var d = StoredHit.Get(searcher, sd.Doc);
            return new SearchHit(d.Id, d.Type, d.Title, d.Url, d.Summary, "", float.IsNaN(sd.Score) ? 0 : sd.Score, d.Published);
        }).ToList();

        var facets = new List<Facet>
        {
            new(TypeFacet, "Soort", Values(types.Values, t => t.Name, t => t.PluralDisplayName, counters.GetValueOrDefault(SearchDocuments.Type) ?? counter, SearchDocuments.Type, request.Types)),
        };
        foreach (var vocabulary in FacetVocabularies)
        {
            var vocab = vocabs.FirstOrDefault(v => v.Name == vocabulary);
            if (vocab is null) continue;
            var selected = request.Filters.GetValueOrDefault(vocabulary) ?? [];
            var field = SearchDocuments.TermField(vocabulary);
            var values = Values(vocab.Terms, t => t.Id, t => t.DisplayName, counters.GetValueOrDefault(field) ?? counter, field, selected);
            if (values.Count > 0) facets.Add(new Facet(vocabulary, vocab.DisplayName, values));
        }
        return (docs.TotalHits, hits, facets);
    }

    /// <summary>
    /// The page of hits of a search and its facet counts: <c>Counter</c> for every facet, and per chosen facet its own
    /// counts as if that choice were not made (by field). The part of a search that grows with the index (every match
    /// is counted); the 100 000-item benchmark times it.
    /// </summary>
    internal static (TopDocs Docs, FacetCounter Counter, Dictionary<string, FacetCounter> Sideways) RankAndCount(IndexSearcher searcher, Query? text, SearchRequest request)
    {
        var counter = new FacetCounter(FacetFields);
        var counters = new Dictionary<string, FacetCounter>(StringComparer.Ordinal);
        // A facet with a choice made counts as if that choice were not made, so its other values stay visible. Those
        // counts are taken in the same pass as the ranking (SidewaysCollector): the text query runs once, without
        // its filters, instead of once more for every chosen facet.
        var filters = new List<SidewaysFilter>();
        if (request.Types.Count > 0) filters.Add(new(SearchDocuments.Type, request.Types, counters[SearchDocuments.Type] = new FacetCounter([SearchDocuments.Type])));
        foreach (var (vocabulary, ids) in request.Filters.Where(f => f.Value.Count > 0))
        {
            var field = SearchDocuments.TermField(vocabulary);
            filters.Add(new(field, ids, FacetVocabularies.Contains(vocabulary) ? counters[field] = new FacetCounter([field]) : null));
        }
        var sideways = filters.Any(f => f.Sideways is not null);
        // With a chosen facet, or without filters, the text query itself (the same instance for the same text, so its
        // Weight is found by reference; the collector applies the filters); when no filter is a facet (a vocabulary not
        // shown as one), the text query and those filters.
        Query query;
        if (sideways || (filters.Count == 0 && text is not null)) query = text ?? new MatchAllDocsQuery();
        else
        {
            var all = new BooleanQuery { { text ?? new MatchAllDocsQuery(), Occur.MUST } };
            foreach (var f in filters) all.Add(Filter(f.Field, f.Values), Occur.MUST);
            query = all;
        }
        ICollector Around(ICollector top) => sideways ? new SidewaysCollector(top, counter, searcher, [.. filters]) : MultiCollector.Wrap(top, counter);

        var wanted = request.Page * request.PageSize;
        TopDocs docs;
        if (request.Sort == SearchSort.Date || text is null)
        {
            var sort = new Sort(new SortField(SearchDocuments.Published, SortFieldType.INT64, reverse: true), SortField.FIELD_SCORE);
            var top = TopFieldCollector.Create(sort, wanted, fillFields: true, trackDocScores: true, trackMaxScore: false, docsScoredInOrder: true);
            searcher.Search(query, Around(top));
            docs = top.GetTopDocs((request.Page - 1) * request.PageSize, request.PageSize);
        }
        else
        {
            var ranked = Ranked(searcher, query, wanted, Around);
            docs = request.Page == 1 ? ranked : new TopDocs(ranked.TotalHits, [.. ranked.ScoreDocs.Skip((request.Page - 1) * request.PageSize)], ranked.MaxScore);
        }
        return (docs, counter, counters);
    }

    /// <summary>A facet's values in the vocabulary's order: those the matches have, and those chosen.</summary>
    private static List<FacetValue> Values<T>(IEnumerable<T> terms, Func<T, string> id, Func<T, string> name, FacetCounter counts, string field, IReadOnlyList<string> selected)
    {
        var values = new List<FacetValue>();
        foreach (var term in terms)
        {
            var key = id(term);
            var count = counts.Count(field, key);
            var chosen = selected.Count > 0 && selected.Contains(key);
            if (count > 0 || chosen) values.Add(new FacetValue(key, name(term), count, chosen));
        }
        return values;
    }

    /// <summary>A filter: any of the values must be there, and it adds nothing to the score.</summary>
    internal static ConstantScoreQuery Filter(string field, IEnumerable<string> values)
    {
        var any = new BooleanQuery();
        foreach (var v in values) any.Add(new TermQuery(new Term(field, v)), Occur.SHOULD);
        return new ConstantScoreQuery(any) { Boost = 0 };
    }

    /// <summary>Equal scores beyond the page are looked at too, so the newer item wins a tie at the page's end.</summary>
    /// <remarks>Last of all the id decides, not the document number: a parallel rebuild or an update moves documents.</remarks>
    private const int TieMargin = 20;

    /// <summary>
    /// The best <paramref name="count"/> hits, among equal scores the newer item first. A TopScoreDocCollector in
    /// document order, the ties broken afterwards: sorting every match by score and date with a TopFieldCollector
    /// costs more, and asked for out-of-order scoring a BooleanQuery builds a BooleanScorer (a 2 048-bucket table,
    /// about 100 KB) for each SHOULD-only clause before it finds the MUST clause and falls back to in-order scorers
    /// anyway; those tables were most of the 1 MB a search allocated. <paramref name="alsoCollect"/> sees every match
    /// (facet counts).
    /// </summary>
    internal static TopDocs Ranked(IndexSearcher searcher, Query query, int count, ICollector? alsoCollect = null) =>
        Ranked(searcher, query, count, top => alsoCollect is null ? top : MultiCollector.Wrap(top, alsoCollect));

    /// <summary>As above, the ranking's collector passed through <paramref name="around"/> (which decides what it sees).</summary>
    private static TopDocs Ranked(IndexSearcher searcher, Query query, int count, Func<ICollector, ICollector> around)
    {
        var top = TopScoreDocCollector.Create(count + TieMargin, docsScoredInOrder: true);
        searcher.Search(query, around(top));
        var collected = top.GetTopDocs();
        var scored = collected.ScoreDocs;
        var leaves = searcher.IndexReader.Leaves;
        var published = new long[scored.Length];
        NumericDocValues? values = null;
        var leafIndex = -1;
        for (var i = 0; i < scored.Length; i++)
        {
            var at = ReaderUtil.SubIndex(scored[i].Doc, leaves);
            if (at != leafIndex)
            {
                leafIndex = at;
                values = leaves[at].AtomicReader.GetNumericDocValues(SearchDocuments.Published);
            }
            published[i] = values?.Get(scored[i].Doc - leaves[at].DocBase) ?? 0;
        }
        // Score, then date, then id; the id (stored fields) only looked up for a tie on both.
        var indexes = new int[scored.Length];
        for (var i = 0; i < indexes.Length; i++) indexes[i] = i;
        Array.Sort(indexes, (a, b) =>
        {
            var byScore = scored[b].Score.CompareTo(scored[a].Score);
            if (byScore != 0) return byScore;
            var byDate = published[b].CompareTo(published[a]);
            return byDate != 0 ? byDate : string.CompareOrdinal(StoredHit.Get(searcher, scored[a].Doc).Id, StoredHit.Get(searcher, scored[b].Doc).Id);
        });
        var order = new ScoreDoc[Math.Min(count, indexes.Length)];
        for (var i = 0; i < order.Length; i++) order[i] = scored[indexes[i]];
        return new TopDocs(collected.TotalHits, order, order.Length > 0 ? order[0].Score : float.NaN);
    }

    /// <summary>
    /// Where each term is in each segment and how often it occurs, looked up once per index reader instead of once per
    /// term query of every search (an expanded query has dozens: words × fields × synonyms). Query-independent: a
    /// reader never changes, and a refresh brings a new reader with an empty table. With it, parts of a query that
    /// cannot match (a synonym that is in no title, a phrase with a word that is not in the body) are left out before
    /// Lucene builds a scorer for them: they would add nothing to any score (BM25 has no query normalisation, and coord
    /// counts are kept by an empty placeholder), but each costs a terms enumerator, postings buffers and a BM25 table.
    /// </summary>
    internal static class TermStates
    {
        private sealed class ReaderStates
        {
            public readonly System.Collections.Concurrent.ConcurrentDictionary<Term, TermContext> Terms = new();
            /// <summary>Field, slop and words of a phrase → whether any live document has it.</summary>
            public readonly System.Collections.Concurrent.ConcurrentDictionary<string, bool> Phrases = new(StringComparer.Ordinal);
        }

        private static readonly System.Runtime.CompilerServices.ConditionalWeakTable<IndexReaderContext, ReaderStates> Readers = [];
        private const int MaxTerms = 100_000;

        public static Query Attach(IndexSearcher searcher, Query query)
        {
            var top = searcher.TopReaderContext;
            var states = Readers.GetValue(top, _ => new());
            if (states.Terms.Count > MaxTerms) states.Terms.Clear();
            if (states.Phrases.Count > MaxTerms) states.Phrases.Clear();
            return Walk(query) ?? new BooleanQuery();

            TermContext State(Term term) => states.Terms.GetOrAdd(term, t => TermContext.Build(top, t));

            // A phrase that no document has is left out. Lucene 4.8's PhraseWeight looks every word up in the terms
            // dictionary again on every search (it takes no TermContext), and the phrase is looked for in every match
            // with all its words in that field: on the 100 000-item benchmark 91 items have "armoede", "schulden" and
            // "vroegsignalering" in the body, none within two positions, and looking took 0.4 of the search's 1.5 ms.
            // Whether a phrase occurs anywhere is a property of the reader, found once (its scorer leaps over the
            // postings of its words and stops at the first document that has it).
            bool CanMatch(Query phrase, IReadOnlyList<Term> terms, int slop, IEnumerable<int> positions)
            {
                if (terms.Any(term => State(term).DocFreq == 0)) return false;
                if (terms.Count < 2) return true;
                var key = $"{terms[0].Field}\u0001{slop}\u0001{string.Join(',', positions)}\u0001{string.Join('\u0001', terms.Select(t => t.Text))}";
                return states.Phrases.GetOrAdd(key, _ => Occurs(top, phrase));
            }

            // Null: this part matches no document.
            Query? Walk(Query q)
            {
                switch (q)
                {
                    case TermQuery t:
                        var state = State(t.Term);
                        return state.DocFreq == 0 ? null : new TermQuery(t.Term, state) { Boost = t.Boost };
                    case PhraseQuery p:
                        return CanMatch(p, p.GetTerms(), p.Slop, p.GetPositions()) ? p : null;
                    case ExactPhraseQuery e:
                        return CanMatch(e, e.Terms, 0, Enumerable.Range(0, e.Terms.Count)) ? e : null;
                    case BooleanQuery b:
                        var copy = new BooleanQuery(b.CoordDisabled) { Boost = b.Boost, MinimumNumberShouldMatch = b.MinimumNumberShouldMatch };
                        foreach (var clause in b.Clauses)
                        {
                            var inner = Walk(clause.Query);
                            if (inner is null && clause.Occur == Occur.MUST) return null;
                            if (inner is null && (clause.Occur == Occur.MUST_NOT || (b.CoordDisabled && b.MinimumNumberShouldMatch == 0))) continue;
                            copy.Add(inner ?? new BooleanQuery(), clause.Occur); // keeps the clause count for coord and minimum-should-match
                        }
                        return copy.Clauses.Any(c => c.Occur != Occur.MUST_NOT) ? copy : null;
                    case WordsQuery w:
                        var words = w.Words.Select(Walk).ToList();
                        // A word that cannot match stays as an empty placeholder: it still counts for coordination.
                        return words.Count(x => x is not null) < w.MinimumMatch ? null
                            : new WordsQuery(words.Select(x => x ?? new BooleanQuery()), w.MinimumMatch, w.Bonus is null ? null : Walk(w.Bonus)) { Boost = w.Boost };
                    case ConstantScoreQuery { Query: { } inner } c:
                        return Walk(inner) is { } filtered ? new ConstantScoreQuery(filtered) { Boost = c.Boost } : null;
                    default:
                        return q;
                }
            }
        }
    }

    /// <summary>Whether <paramref name="query"/> matches any live document.</summary>
    private static bool Occurs(IndexReaderContext top, Query query)
    {
        var weight = new IndexSearcher(top) { Similarity = SearchIndex.Similarity }.CreateNormalizedWeight(query);
        return top.Leaves.Any(leaf => weight.GetScorer(leaf, leaf.AtomicReader.LiveDocs) is { } scorer && scorer.NextDoc() != DocIdSetIterator.NO_MORE_DOCS);
    }

    /// <summary>
    /// The query for a search's text, built once per text and synonym list: the same questions come back, and building
    /// one (analysis is kept, but dozens of term, phrase and boolean queries with their terms' UTF-8 bytes) was a sixth
    /// of a search on the seeded site. The same instance also finds its kept Weight by reference. Queries are not
    /// changed after they are built.
    /// </summary>
    private static Query? TextQuery(string text, ParsedQuery parsed, IReadOnlyDictionary<string, string[]> synonyms, bool fuzzy)
    {
        var built = BuiltQueries.GetValue(synonyms, _ => new(StringComparer.Ordinal));
        var key = string.Concat(fuzzy ? "~" : "=", text);
        if (built.TryGetValue(key, out var query)) return query;
        query = BuildTextQuery(parsed, synonyms, fuzzy, relaxed: true);
        if (built.Count >= MaxTextQueries) built.Clear();
        built[key] = query;
        return query;
    }

    private static readonly System.Runtime.CompilerServices.ConditionalWeakTable<IReadOnlyDictionary<string, string[]>, System.Collections.Concurrent.ConcurrentDictionary<string, Query?>> BuiltQueries = [];

    /// <summary>
    /// Texts whose query is kept (then started afresh): the questions that come back are far fewer, and a kept query also
    /// keeps its Weight alive (term statistics per term and field), so a flood of different questions stays bounded.
    /// </summary>
    private const int MaxTextQueries = 1_000;

    /// <summary>
    /// Every word must match in some field (title, summary, term names, body, with their weights), or with
    /// <paramref name="relaxed"/> most of them; a synonym counts as the word; the words together as a phrase score
    /// higher; quoted phrases must occur as such.
    /// </summary>
    internal static Query? BuildTextQuery(ParsedQuery parsed, IReadOnlyDictionary<string, string[]> synonyms, bool fuzzy, bool relaxed = false)
    {
        if (parsed.IsEmpty) return null;
        // Only the words level keeps the coordination factor (an item with 3 of 3 words beats one with 2 of 3); the
        // clauses below it disable it, so matching a word in one field is not punished for the fields it is not in.
        var query = new BooleanQuery(disableCoord: true);
        var words = new List<Query>();
        var allTokens = new List<string>();
        foreach (var word in parsed.Words)
        {
            var tokens = QueryTokens(word);
            if (tokens.Count == 0) continue; // a stop word
            allTokens.AddRange(tokens);
            var clause = new BooleanQuery(disableCoord: true);
            foreach (var token in tokens) AddFields(clause, token, 1f, fuzzy);
            // Synonyms widen the net but weigh less than the word itself, so items using the word come first.
            foreach (var alternative in synonyms.GetValueOrDefault(Folding.Fold(word)) ?? [])
            {
                var alt = QueryTokens(alternative);
                if (alt.Count == 1) AddFields(clause, alt[0], SynonymWeight, fuzzy: false);
                else if (alt.Count > 1) foreach (var field in SearchDocuments.TextFields) clause.Add(Phrase(field, alt, 0, SearchDocuments.Boosts[field] * SynonymWeight), Occur.SHOULD);
            }
            words.Add(clause);
        }
        // The words together (within two positions) in the title or body score higher.
        var proximity = allTokens.Count > 1
            ? new BooleanQuery(disableCoord: true) { { Phrase(SearchDocuments.Title, allTokens, 2, 6f), Occur.SHOULD }, { Phrase(SearchDocuments.Body, allTokens, 2, 3f), Occur.SHOULD } }
            : null;
        if (words.Count > 0)
        {
            var minimum = relaxed ? MostOf(words.Count) : words.Count;
            if (WordsQuery.Suits(words.Count))
            {
                query.Add(new WordsQuery(words, minimum, proximity), Occur.MUST);
                proximity = null;
            }
            else
            {
                var many = new BooleanQuery(disableCoord: false) { MinimumNumberShouldMatch = minimum };
                foreach (var clause in words) many.Add(clause, Occur.SHOULD);
                query.Add(many, Occur.MUST);
            }
        }
        foreach (var phrase in parsed.Phrases)
        {
            var tokens = QueryTokens(phrase);
            if (tokens.Count == 0) continue;
            var clause = new BooleanQuery(disableCoord: true);
            foreach (var field in SearchDocuments.TextFields) clause.Add(Phrase(field, tokens, 0, SearchDocuments.Boosts[field]), Occur.SHOULD);
            query.Add(clause, Occur.MUST);
        }
        if (proximity is not null) query.Add(proximity, Occur.SHOULD);
        foreach (var word in parsed.Excluded)
        {
            foreach (var token in QueryTokens(word))
                foreach (var field in SearchDocuments.TextFields) query.Add(new TermQuery(new Term(field, token)), Occur.MUST_NOT);
        }
        return query.Clauses.Any(c => c.Occur == Occur.MUST) ? query : null;
    }

    private const float SynonymWeight = 0.4f;

    /// <summary>
    /// The query analysis of a word or phrase, kept: the same words and synonyms come back in every search, and running
    /// them through the analyzer (a token stream per word, synonyms included) was a tenth of a search request.
    /// </summary>
    internal static IReadOnlyList<string> QueryTokens(string text)
    {
        if (AnalysedWords.TryGetValue(text, out var tokens)) return tokens;
        tokens = ((DutchAnalyzer)SearchIndex.QueryAnalyzer).Tokens(text);
        if (AnalysedWords.Count >= 50_000) AnalysedWords.Clear();
        AnalysedWords[text] = tokens;
        return tokens;
    }

    private static readonly System.Collections.Concurrent.ConcurrentDictionary<string, IReadOnlyList<string>> AnalysedWords = new(StringComparer.Ordinal);

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

    /// <summary>The words in a row (slop 0: <see cref="ExactPhraseQuery"/>), or within <paramref name="slop"/> positions of it.</summary>
    private static Query Phrase(string field, IEnumerable<string> tokens, int slop, float boost)
    {
        if (slop == 0) return new ExactPhraseQuery(field, tokens) { Boost = boost };
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
    internal static string Snippet(string body, string? summary, IReadOnlySet<string> queryTerms, int length = 240) =>
        Snippet(SnippetText.Of(body), summary, HighlightStems(queryTerms), length);

    /// <summary>The stems a snippet marks: three letters or more, each once.</summary>
    private static string[] HighlightStems(IEnumerable<string> terms) => [.. terms.Where(t => t.Length >= 3).Distinct(StringComparer.Ordinal)];

    // A snippet is built on one thread without awaiting: one builder and one match list per thread serve every hit
    // (they were a fifth of what a search allocated on the seeded site).
    [ThreadStatic] private static StringBuilder? _snippetBuilder;
    private static readonly System.Runtime.CompilerServices.ConditionalWeakTable<string, SnippetText> FoldedSummaries = [];
    [ThreadStatic] private static List<(int Start, int End, int Stem)>? _found;
    [ThreadStatic] private static List<(int Start, int End, int Stem)>? _matches;

    private static string Snippet(SnippetText body, string? summary, string[] stems, int length = 240)
    {
        var source = body;
        var matches = Matches(source, stems);
        if (matches.Count == 0 && summary is not null)
        {
            // A hit's summary is the same string on every search (StoredHit), so its folded copy is kept beside it.
            source = FoldedSummaries.GetValue(summary, SnippetText.Of);
            matches = Matches(source, stems);
        }
        var sb = _snippetBuilder ??= new StringBuilder(512);
        sb.Clear();
        if (matches.Count == 0)
        {
            var fallback = summary ?? body.Text;
            AppendEscaped(sb, fallback.AsSpan(0, Math.Min(length, fallback.Length)), keepNewlines: true);
            if (fallback.Length > length) sb.Append('…');
            return sb.ToString();
        }
        var text = source.Text;
        var best = BestWindow(matches, stems.Length, length);
        var start = Math.Max(0, best - 40);
        var boundary = start == 0 ? -1 : text.AsSpan(0, start + 1).LastIndexOfAny(' ', '\n');
        start = boundary > 0 && best - boundary < 80 ? boundary + 1 : start;
        var end = Math.Min(text.Length, start + length);
        if (start > 0) sb.Append('…');
        var at = start;
        foreach (var (s, e, _) in matches)
        {
            if (s < start || e > end) continue;
            AppendEscaped(sb, text.AsSpan(at, s - at));
            sb.Append("<mark>");
            AppendEscaped(sb, text.AsSpan(s, e - s));
            sb.Append("</mark>");
            at = e;
        }
        AppendEscaped(sb, text.AsSpan(at, end - at));
        if (end < text.Length) sb.Append('…');
        return sb.ToString();
    }

    /// <summary>
    /// The text HTML-escaped (&amp;, &lt;, &gt;, quotes), a line break as a space unless <paramref name="keepNewlines"/>.
    /// Other characters stay as they are: the answer is UTF-8, so "enquête" needs no character reference.
    /// </summary>
    private static void AppendEscaped(StringBuilder sb, ReadOnlySpan<char> text, bool keepNewlines = false)
    {
        while (!text.IsEmpty)
        {
            var next = text.IndexOfAny(keepNewlines ? HtmlSpecial : HtmlSpecialOrNewline);
            if (next < 0)
            {
                sb.Append(text);
                return;
            }
            sb.Append(text[..next]);
            sb.Append(text[next] switch
            {
                '&' => "&amp;",
                '<' => "&lt;",
                '>' => "&gt;",
                '"' => "&quot;",
                '\'' => "&#39;",
                _ => " ",
            });
            text = text[(next + 1)..];
        }
    }

    private static readonly System.Buffers.SearchValues<char> HtmlSpecial = System.Buffers.SearchValues.Create("&<>\"'");
    private static readonly System.Buffers.SearchValues<char> HtmlSpecialOrNewline = System.Buffers.SearchValues.Create("&<>\"'\n");

    /// <summary>
    /// Where the window of <paramref name="length"/> characters starts: at a match, with the most different query words,
    /// then the most matches, then the earliest. One pass with two pointers: matches are sorted and do not overlap, so
    /// the end of the window only moves forward (copying the rest of the list for every match was quadratic).
    /// </summary>
    private static int BestWindow(List<(int Start, int End, int Stem)> matches, int stems, int length)
    {
        Span<int> inWindow = stems <= 64 ? stackalloc int[stems] : new int[stems];
        inWindow.Clear();
        var distinct = 0;
        (int Start, int Distinct, int Count) best = (matches[0].Start, -1, -1);
        var end = 0;
        for (var i = 0; i < matches.Count; i++)
        {
            if (end < i) end = i;
            while (end < matches.Count && matches[end].End - matches[i].Start <= length)
            {
                if (inWindow[matches[end].Stem]++ == 0) distinct++;
                end++;
            }
            if (distinct > best.Distinct || (distinct == best.Distinct && end - i > best.Count)) best = (matches[i].Start, distinct, end - i);
            if (end > i && --inWindow[matches[i].Stem] == 0) distinct--;
        }
        return best.Start;
    }

    /// <summary>
    /// Where the query's stems occur in the text: a folded (lower case, no accents), same-length copy is searched for
    /// each stem, and a hit is widened to its whole word. Cheap enough for every hit on every request, and it marks a
    /// stem inside a compound too (school in basisscholen). The list is the thread's own, valid until the next call.
    /// </summary>
    private static List<(int Start, int End, int Stem)> Matches(SnippetText source, string[] stems)
    {
        var found = _found ??= [];
        var merged = _matches ??= [];
        found.Clear();
        merged.Clear();
        var (text, folded) = source;
        for (var i = 0; i < stems.Length; i++)
        {
            var stem = stems[i];
            for (var at = folded.IndexOf(stem, StringComparison.Ordinal); at >= 0; at = folded.IndexOf(stem, at + stem.Length, StringComparison.Ordinal))
            {
                var start = at;
                while (start > 0 && char.IsLetterOrDigit(text[start - 1])) start--;
                var end = at + stem.Length;
                while (end < text.Length && char.IsLetterOrDigit(text[end])) end++;
                // A stem in the middle of an unrelated longer word ("taal" in "totaal") is not a match.
                if (start != at && end - start > stem.Length + 12) continue;
                found.Add((start, end, i));
            }
        }
        found.Sort(static (a, b) => a.Start.CompareTo(b.Start));
        foreach (var m in found)
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
            span[i] = c < FoldTable.Length ? FoldTable[c] : FoldChar(c);
        }
    });

    // Latin letters with accents fold to their base letter; computed once instead of a string per accented character.
    // Up to the end of General Punctuation, so typographic quotes, dashes and the ellipsis (U+2018, U+2013, U+2026)
    // are looked up too instead of normalised on every fold.
    private static readonly char[] FoldTable = [.. Enumerable.Range(0, 0x2070).Select(c => FoldChar((char)c))];

    private static char FoldChar(char c) => c < 128 ? char.ToLowerInvariant(c) : char.ToLowerInvariant(c.ToString().Normalize(NormalizationForm.FormD)[0]);

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

/// <summary>
/// The stored fields a hit shows, read once per segment and document: a segment never changes, and decoding stored
/// fields (LZ4 blocks) on every request was a large part of a search's time. Filled as documents are shown.
/// </summary>
internal sealed record StoredHit(string Id, string Type, string Title, string Url, string? Summary, DateTime Published)
{
    private static readonly System.Runtime.CompilerServices.ConditionalWeakTable<object, StoredHit?[]> Segments = [];

    public static StoredHit Get(IndexSearcher searcher, int doc)
    {
        var leaves = searcher.IndexReader.Leaves;
        var leaf = leaves[ReaderUtil.SubIndex(doc, leaves)];
        var reader = leaf.AtomicReader;
        var segment = Segments.GetValue(reader.CoreCacheKey, _ => new StoredHit?[reader.MaxDoc]);
        var local = doc - leaf.DocBase;
        return segment[local] ??= Load(reader.Document(local));
    }

    private static StoredHit Load(Lucene.Net.Documents.Document d) => new(
        d.Get(SearchDocuments.Id), d.Get(SearchDocuments.Type) ?? "", d.Get(SearchDocuments.Title) ?? "", d.Get(SearchDocuments.Url) ?? "",
        d.Get(SearchDocuments.Summary), new DateTime(d.GetField(SearchDocuments.Published)?.GetInt64Value() ?? 0, DateTimeKind.Utc));
}

/// <summary>
/// Facet counts of chosen facets taken in the ranking's pass, as Lucene's drill-sideways does: the text query runs once
/// without its filters. A match that passes every filter goes to the ranking, the facet counts and the counts of every
/// chosen facet; one that fails only the filter of a chosen facet counts for that facet alone (what the search would
/// find if that choice were undone); one that fails two filters counts nowhere. Scores are unchanged: a filter adds
/// nothing (boost 0) and a conjunction of required clauses has coordination 1.
/// </summary>
internal sealed class SidewaysCollector(ICollector top, FacetCounter counter, IndexSearcher searcher, SidewaysFilter[] filters) : ICollector
{
    // A chosen facet's filter is checked against the values its sideways counter has copied for the document (a few
    // slots, no postings to advance); any other filter by following its postings in document order.
    private readonly Weight?[] _weights = [.. filters.Select(f => f.Sideways is null ? searcher.CreateNormalizedWeight(SearchService.Filter(f.Field, f.Values)) : null)];
    private readonly DocIdSetIterator?[] _postings = new DocIdSetIterator?[filters.Length];
    private readonly bool[]?[] _chosen = new bool[]?[filters.Length];

    public bool AcceptsDocsOutOfOrder => false; // the filters are followed in document order

    public void SetScorer(Scorer scorer) => top.SetScorer(scorer);

    public void SetNextReader(AtomicReaderContext context)
    {
        top.SetNextReader(context);
        counter.SetNextReader(context);
        for (var i = 0; i < filters.Length; i++)
        {
            if (filters[i].Sideways is { } sideways)
            {
                sideways.SetNextReader(context);
                _chosen[i] = sideways.SlotsOf(filters[i].Values);
            }
            else _postings[i] = _weights[i]!.GetScorer(context, context.AtomicReader.LiveDocs);
        }
    }

    public void Collect(int doc)
    {
        var failed = -1;
        for (var i = 0; i < filters.Length; i++)
        {
            if (Passes(i, doc)) continue;
            if (failed >= 0) return;
            failed = i;
        }
        if (failed >= 0)
        {
            filters[failed].Sideways?.Collect(doc);
            return;
        }
        top.Collect(doc);
        counter.Collect(doc);
        foreach (var f in filters) f.Sideways?.Collect(doc);
    }

    private bool Passes(int filter, int doc)
    {
        if (_chosen[filter] is { } chosen) return filters[filter].Sideways!.HasAny(doc, chosen);
        var postings = _postings[filter];
        if (postings is null) return false; // no document of this segment has any of the values
        if (postings.DocID < doc) postings.Advance(doc);
        return postings.DocID == doc;
    }
}

/// <summary>
/// A filter of a search: its field, the values it lets through and, for a facet, the counter of that facet's values as
/// if the choice were not made (whose only field is the filter's field).
/// </summary>
internal sealed record SidewaysFilter(string Field, IReadOnlyCollection<string> Values, FacetCounter? Sideways);

/// <summary>
/// Counts, per facet field, the values of the matching documents: per segment one array of counts for all its fields,
/// looked up by field and value name afterwards, so a search makes no dictionaries of counts. Which values a document
/// has comes from the segment's sorted-set doc values, copied once per segment (a segment never changes) into one flat
/// list per document for all the counter's fields together: reading them through the doc values' packed encoding on
/// every match, field by field, was most of a common word's search at 100 000 items (docs/benchmarks.md).
/// </summary>
internal sealed class FacetCounter(string[] fields) : ICollector
{
    private readonly string _key = string.Join('\n', fields);
    private readonly List<(SegmentFacets Data, int[] Counts)> _segments = [];
    private int[] _starts = [];
    private int[] _slots = [];
    private int[] _counts = [];

    /// <summary>
    /// A segment's values of a set of fields. Each field's values by name, and their slots: the field's first slot
    /// plus the value's ordinal. Per document its slots, <c>DocSlots[DocStarts[doc]..DocStarts[doc + 1]]</c>: about 4
    /// bytes per document and 4 per value.
    /// </summary>
    private sealed class SegmentFacets
    {
        public readonly Dictionary<string, int>[] Slots;
        public readonly int SlotCount;
        public readonly int[] DocStarts;
        public readonly int[] DocSlots;

        public SegmentFacets(AtomicReader reader, string[] fields)
        {
            Slots = new Dictionary<string, int>[fields.Length];
            var values = new SortedSetDocValues?[fields.Length];
            var first = new int[fields.Length];
            var bytes = new Lucene.Net.Util.BytesRef();
            for (var f = 0; f < fields.Length; f++)
            {
                Slots[f] = new(StringComparer.Ordinal);
                first[f] = SlotCount;
                if ((values[f] = reader.GetSortedSetDocValues(fields[f])) is not { } v) continue;
                for (var ord = 0; ord < v.ValueCount; ord++)
                {
                    v.LookupOrd(ord, bytes);
                    Slots[f][bytes.Utf8ToString()] = SlotCount + ord;
                }
                SlotCount += (int)v.ValueCount;
            }
            var maxDoc = reader.MaxDoc;
            DocStarts = new int[maxDoc + 1];
            var slots = new List<int>(maxDoc * fields.Length);
            for (var doc = 0; doc < maxDoc; doc++)
            {
                DocStarts[doc] = slots.Count;
                for (var f = 0; f < fields.Length; f++)
                {
                    if (values[f] is not { } v) continue;
                    v.SetDocument(doc);
                    long ord;
                    while ((ord = v.NextOrd()) != SortedSetDocValues.NO_MORE_ORDS) slots.Add(first[f] + (int)ord);
                }
            }
            DocStarts[maxDoc] = slots.Count;
            DocSlots = [.. slots];
        }
    }

    private static readonly System.Runtime.CompilerServices.ConditionalWeakTable<object, System.Collections.Concurrent.ConcurrentDictionary<string, Lazy<SegmentFacets>>> Segments = [];

    /// <summary>How many matching documents have <paramref name="value"/> in <paramref name="field"/>.</summary>
    public int Count(string field, string value)
    {
        var f = Array.IndexOf(fields, field);
        var count = 0;
        foreach (var (data, counts) in _segments)
        {
            if (f >= 0 && data.Slots[f].TryGetValue(value, out var slot)) count += counts[slot];
        }
        return count;
    }

    public bool AcceptsDocsOutOfOrder => false; // see Ranked: out-of-order scoring costs more than it saves here

    public void SetScorer(Scorer scorer)
    {
    }

    public void SetNextReader(AtomicReaderContext context)
    {
        var reader = context.AtomicReader;
        // One copy per segment and set of fields, also when searches open the segment at the same time.
        var data = Segments.GetValue(reader.CoreCacheKey, _ => new(StringComparer.Ordinal))
            .GetOrAdd(_key, static (_, a) => new(() => new SegmentFacets(a.reader, a.fields)), (reader, fields)).Value;
        _counts = new int[data.SlotCount];
        _starts = data.DocStarts;
        _slots = data.DocSlots;
        _segments.Add((data, _counts));
    }

    /// <summary>
    /// For the current segment: which slots hold one of <paramref name="values"/> of the counter's first field, for
    /// <see cref="HasAny"/>; the segment's own copy of the values says whether a document passes a facet's filter.
    /// </summary>
    public bool[] SlotsOf(IEnumerable<string> values)
    {
        var data = _segments[^1].Data;
        var chosen = new bool[data.SlotCount];
        foreach (var value in values)
        {
            if (data.Slots[0].TryGetValue(value, out var slot)) chosen[slot] = true;
        }
        return chosen;
    }

    /// <summary>Whether document <paramref name="doc"/> of the current segment has a value of <paramref name="chosen"/>.</summary>
    public bool HasAny(int doc, bool[] chosen)
    {
        var slots = _slots;
        for (int i = _starts[doc], end = _starts[doc + 1]; i < end; i++)
        {
            if (chosen[slots[i]]) return true;
        }
        return false;
    }

    public void Collect(int doc)
    {
        var counts = _counts;
        var slots = _slots;
        for (int i = _starts[doc], end = _starts[doc + 1]; i < end; i++) counts[slots[i]]++;
    }
}
