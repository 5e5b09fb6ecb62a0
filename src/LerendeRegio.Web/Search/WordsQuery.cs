using System.Buffers;
using Lucene.Net.Index;
using Lucene.Net.Search;
using Lucene.Net.Util;

namespace LerendeRegio.Web.Search;

/// <summary>
/// The words of a search: an item matches when at least <see cref="MinimumMatch"/> of the word clauses match, and
/// scores the sum of its matching clauses times the coordination factor (matched words / all words). That is what a
/// BooleanQuery of SHOULD clauses with coordination and a minimum-should-match computes, but scored a term at a time:
/// each clause's postings are read straight through into a score per document, instead of every match of every field
/// passing through two levels of priority queues (a word is a disjunction over title, summary, terms and body, and
/// the words a disjunction of those). On the 100 000-item benchmark that document-at-a-time merging was most of a
/// search (docs/benchmarks.md). Each posting's score is added to its document's total straight away (the BooleanQuery
/// summed a word's fields first: the totals differ in the last bits of a float). A word that is itself a
/// disjunction over fields and synonyms is taken apart, so each field's postings are read straight through too, and a
/// term is scored by BM25 from the segment's norms in an array (<see cref="SegmentNorms"/>), to the same float as
/// Lucene's scorer. An optional <see cref="Bonus"/> (the words as a phrase) is asked only about the documents with
/// every word. The documents with enough words are kept as a bitset, so walking the matches skips the rest 64 at a time.
/// The words are read rarest first; when most but not all must match, the last words are read only at the documents that
/// can still reach the minimum (of four words, three needed: the fourth only where two of the first three are).
/// </summary>
public sealed class WordsQuery : Query
{
    /// <summary>More words than this stay a BooleanQuery (term at a time was measured for up to four words; the count of a document's words has room for 63).</summary>
    public const int MaxWords = 8;

    private readonly Query[] _words;

    /// <summary>
    /// Whether term-at-a-time scoring pays: for a single word, and from two words up when not all are required. With its
    /// words taken apart into their fields it beat Lucene's MinShouldMatchSumScorer at two of three and three of four
    /// words (715 against 1 160 and 823 against 1 063 µs on the 100 000-item benchmark, <c>tests/LerendeRegio.Benchmarks
    /// -- probe</c>). A single word is read from its fields' postings straight into one array, with the thread's kept
    /// enumerators, instead of Lucene's merging of four fields with a new terms cursor and postings buffers per field and
    /// segment (2.9–3.0 against 12.6–15.8 KB per search); on the 100 000-item index that was faster for 24 of 27 probes
    /// of 9 words, the rest within the noise (kansencoach 133–177 against 188–255 µs p50, ouders 257–380 against
    /// 496–684; docs/benchmarks.md). When every word is required, Lucene's conjunction leaps over the postings of the
    /// rarest and reads far fewer.
    /// </summary>
    public static bool Suits(int words, int minimumMatch) => words == 1 || (words <= MaxWords && minimumMatch < words);

    public WordsQuery(IEnumerable<Query> words, int minimumMatch, Query? bonus = null)
    {
        _words = [.. words];
        if (_words.Length is 0 or > MaxWords) throw new ArgumentOutOfRangeException(nameof(words), $"1 to {MaxWords} word clauses, not {_words.Length}.");
        MinimumMatch = Math.Clamp(minimumMatch, 1, _words.Length);
        Bonus = bonus;
    }

    public IReadOnlyList<Query> Words => _words;

    public int MinimumMatch { get; }

    /// <summary>
    /// Added to the score of a matching document where it matches too; it finds nothing by itself (the words standing
    /// together as a phrase). The same as a SHOULD clause next to this query in a BooleanQuery without coordination,
    /// on one condition: it may match only where every word matches, as the words in a row do. It is asked only about
    /// the documents with every word, instead of about every match of the words or every match of its own.
    /// </summary>
    public Query? Bonus { get; }

    /// <summary>
    /// The query this one scores as, read a document at a time by Lucene: the words as SHOULD clauses with coordination
    /// and the minimum, the bonus as a SHOULD clause beside them. Tests and the benchmark probe compare the two.
    /// </summary>
    internal Query ToBooleanQuery()
    {
        var words = new BooleanQuery(disableCoord: false) { MinimumNumberShouldMatch = MinimumMatch, Boost = Boost };
        foreach (var word in _words) words.Add(word, Occur.SHOULD);
        return Bonus is null ? words : new BooleanQuery(disableCoord: true) { { words, Occur.MUST }, { Bonus, Occur.SHOULD } };
    }

    public override Weight CreateWeight(IndexSearcher searcher) => new WordsWeight(this, searcher);

    public override Query Rewrite(IndexReader reader)
    {
        Query[]? rewritten = null;
        for (var i = 0; i < _words.Length; i++)
        {
            var query = _words[i].Rewrite(reader);
            if (ReferenceEquals(query, _words[i])) continue;
            rewritten ??= (Query[])_words.Clone();
            rewritten[i] = query;
        }
        var bonus = Bonus?.Rewrite(reader);
        return rewritten is null && ReferenceEquals(bonus, Bonus) ? this : new WordsQuery(rewritten ?? _words, MinimumMatch, bonus) { Boost = Boost };
    }

    public override void ExtractTerms(ISet<Term> terms)
    {
        foreach (var word in _words) word.ExtractTerms(terms);
        Bonus?.ExtractTerms(terms);
    }

    public override string ToString(string field) =>
        $"words({string.Join(' ', _words.Select(w => w.ToString(field)))})~{MinimumMatch}" + (Bonus is null ? "" : $" +({Bonus.ToString(field)})") + (Boost == 1f ? "" : $"^{Boost}");

    public override bool Equals(object? obj) =>
        obj is WordsQuery other && other.Boost == Boost && other.MinimumMatch == MinimumMatch && other._words.SequenceEqual(_words) && Equals(other.Bonus, Bonus);

    public override int GetHashCode()
    {
        var hash = new HashCode();
        hash.Add(Boost);
        hash.Add(MinimumMatch);
        foreach (var word in _words) hash.Add(word);
        hash.Add(Bonus);
        return hash.ToHashCode();
    }

    private sealed class WordsWeight : Weight
    {
        private readonly WordsQuery _query;
        /// <summary>
        /// Per word, the Weights whose scores add up to its score. A word that is a disjunction (a BooleanQuery of
        /// SHOULD clauses without coordination, as the search builds: one per field and synonym) is taken apart, so its
        /// fields' postings are read straight into the word's score instead of being merged by a DisjunctionSumScorer.
        /// </summary>
        private readonly Part[][] _parts;
        private readonly float[] _partBoosts; // the boost of a word that was taken apart, passed down to its parts
        private readonly float[] _coord;
        private readonly Weight? _bonus;

        public WordsWeight(WordsQuery query, IndexSearcher searcher)
        {
            _query = query;
            _bonus = query.Bonus?.CreateWeight(searcher);
            _parts = [.. query._words.Select(w => AsDisjunction(w) is { } b ? b.Clauses.Select(c => Part.Of(c.Query, searcher)).ToArray() : [Part.Of(w, searcher)])];
            _partBoosts = [.. query._words.Select(w => AsDisjunction(w)?.Boost ?? 1f)];
            var n = _parts.Length;
            // As BooleanWeight.Coord: a single clause is never scaled.
            _coord = [.. Enumerable.Range(0, n + 1).Select(m => n == 1 ? 1f : searcher.Similarity.Coord(m, n))];
        }

        /// <summary>The word as a disjunction to take apart: SHOULD clauses only, no coordination, no minimum.</summary>
        private static BooleanQuery? AsDisjunction(Query word) =>
            word is BooleanQuery { CoordDisabled: true, MinimumNumberShouldMatch: 0 } b && b.Clauses.Count > 0 && b.Clauses.All(c => c.Occur == Occur.SHOULD) ? b : null;

        public override Query Query => _query;

        // As BooleanWeight: the clauses' values summed, times the boost squared; the boost passed down.
        public override float GetValueForNormalization()
        {
            var sum = 0f;
            for (var i = 0; i < _parts.Length; i++)
            {
                var word = 0f;
                foreach (var part in _parts[i]) word += part.GetValueForNormalization();
                sum += word * _partBoosts[i] * _partBoosts[i];
            }
            if (_bonus is not null) sum += _bonus.GetValueForNormalization();
            return sum * _query.Boost * _query.Boost;
        }

        public override void Normalize(float norm, float topLevelBoost)
        {
            topLevelBoost *= _query.Boost;
            for (var i = 0; i < _parts.Length; i++)
                foreach (var part in _parts[i]) part.Normalize(norm, topLevelBoost * _partBoosts[i]);
            _bonus?.Normalize(norm, topLevelBoost);
        }

        public override Scorer? GetScorer(AtomicReaderContext context, IBits acceptDocs)
        {
            var words = new List<List<Postings>>(_parts.Length);
            for (var i = 0; i < _parts.Length; i++)
            {
                List<Postings>? postings = null;
                foreach (var part in _parts[i])
                {
                    if (part.Postings(context, acceptDocs) is { } found) (postings ??= []).Add(found);
                }
                if (postings is not null) words.Add(postings);
            }
            return words.Count < _query.MinimumMatch ? null : new WordsScorer(this, words, _bonus?.GetScorer(context, acceptDocs), context, acceptDocs, _query.MinimumMatch, _coord);
        }

        public override Explanation Explain(AtomicReaderContext context, int doc)
        {
            var scorer = GetScorer(context, context.AtomicReader.LiveDocs);
            if (scorer is not null && scorer.Advance(doc) == doc)
                return new Explanation(scorer.GetScore(), $"{scorer.Freq} of {_parts.Length} words, coordination {_coord[scorer.Freq]}");
            return new Explanation(0f, $"fewer than {_query.MinimumMatch} of {_parts.Length} words");
        }
    }

    /// <summary>One field (or synonym) of a word: its postings are read straight into the word's score.</summary>
    private abstract class Part
    {
        public abstract float GetValueForNormalization();

        public abstract void Normalize(float norm, float topLevelBoost);

        /// <summary>Null when it matches nothing in this segment.</summary>
        public abstract Postings? Postings(AtomicReaderContext context, IBits acceptDocs);

        public static Part Of(Query query, IndexSearcher searcher)
        {
            if (query is TermQuery term) return new TermPart(term, searcher);
            var weight = query.CreateWeight(searcher);
            return weight is ExactPhraseQuery.PhraseWeight phrase ? new PhrasePart(phrase) : new WeightPart(weight);
        }
    }

    private sealed class WeightPart(Weight weight) : Part
    {
        public override float GetValueForNormalization() => weight.GetValueForNormalization();

        public override void Normalize(float norm, float topLevelBoost) => weight.Normalize(norm, topLevelBoost);

        public override Postings? Postings(AtomicReaderContext context, IBits acceptDocs) =>
            weight.GetScorer(context, acceptDocs) is { } scorer ? new Postings(scorer, null, null) : null;
    }

    /// <summary>An exact phrase (a synonym of several words): its scorer is made when it is read, with the thread's enumerators.</summary>
    private sealed class PhrasePart(ExactPhraseQuery.PhraseWeight weight) : Part
    {
        public override float GetValueForNormalization() => weight.GetValueForNormalization();

        public override void Normalize(float norm, float topLevelBoost) => weight.Normalize(norm, topLevelBoost);

        public override Postings? Postings(AtomicReaderContext context, IBits acceptDocs) => weight.InSegment(context) ? new Postings(null, this, null) : null;

        public Scorer? Scorer(AtomicReaderContext context, IBits acceptDocs, PostingsEnumerators enumerators) => weight.GetScorer(context, acceptDocs, enumerators);
    }

    /// <summary>
    /// A term, scored as Lucene's TermQuery scores it (the same BM25 weight, normalisation and per-document score), but
    /// read through a terms enumerator and a postings enumerator kept per thread and segment (<see cref="PostingsEnumerators"/>)
    /// instead of a new pair for every term, field, segment and search. Making that pair (a terms-dictionary cursor with
    /// its frames, and postings buffers of 128 entries each) was most of what setting up a search cost on the seeded
    /// site, where every word has a few matches in each of four fields.
    /// </summary>
    private sealed class TermPart : Part
    {
        public readonly Term Term;
        private readonly TermContext _states;
        private readonly Lucene.Net.Search.Similarities.Similarity _similarity;
        private readonly Lucene.Net.Search.Similarities.Similarity.SimWeight _stats;
        // With the site's BM25: what its scorer multiplies and adds, so the words scorer computes the same score itself.
        private readonly SearchIndex.Bm25WithCoordination? _bm25;
        private readonly float _idf;
        private readonly float _boost;
        private readonly float[]? _lengthFactors;
        private float _weight;

        public TermPart(TermQuery query, IndexSearcher searcher)
        {
            Term = query.Term;
            _states = TermContext.Build(searcher.TopReaderContext, Term);
            _similarity = searcher.Similarity;
            var collection = searcher.CollectionStatistics(Term.Field);
            var statistics = searcher.TermStatistics(Term, _states);
            _stats = _similarity.ComputeWeight(query.Boost, collection, statistics);
            if (_similarity is SearchIndex.Bm25WithCoordination bm25)
            {
                _bm25 = bm25;
                _idf = bm25.TermIdf(collection, statistics);
                _boost = query.Boost;
                _lengthFactors = bm25.LengthFactors(collection);
            }
        }

        public override float GetValueForNormalization() => _stats.GetValueForNormalization();

        public override void Normalize(float norm, float topLevelBoost)
        {
            _stats.Normalize(norm, topLevelBoost);
            // As BM25Stats.Normalize and BM25DocScorer: idf × boost × top-level boost, times k1 + 1.
            if (_bm25 is null) return;
            var weight = _idf * _boost * topLevelBoost;
            _weight = weight * (_bm25.K1 + 1);
        }

        /// <summary>
        /// What BM25 needs to score this term's postings in the segment without its scorer: the weight, the length
        /// factor per norm value, and the field's norms. Null for another similarity or a field without norms.
        /// </summary>
        public (float Weight, float[] LengthFactors, byte[] Norms)? Bm25(AtomicReaderContext context) =>
            _lengthFactors is not null && SegmentNorms.Of(context.AtomicReader, Term.Field) is { } norms ? (_weight, _lengthFactors, norms) : null;

        public override Postings? Postings(AtomicReaderContext context, IBits acceptDocs) =>
            _states.Get(context.Ord) is { } state ? new Postings(null, this, state) : null;

        public DocsEnum Docs(AtomicReaderContext context, TermState state, IBits acceptDocs, PostingsEnumerators enumerators) =>
            enumerators.Docs(context.AtomicReader, Term, state, acceptDocs);

        public Lucene.Net.Search.Similarities.Similarity.SimScorer SimScorer(AtomicReaderContext context) => _similarity.GetSimScorer(_stats, context);
    }

    /// <summary>
    /// Where a part's matches in a segment come from: a scorer; a term read by the words scorer itself (with its state);
    /// or a phrase whose scorer is made when it is read.
    /// </summary>
    private readonly record struct Postings(Scorer? Scorer, Part? Part, TermState? State);

    /// <summary>All scoring happens when the scorer is made; after that it walks the matching documents in order.</summary>
    private sealed class WordsScorer : Scorer
    {
        private readonly int _maxDoc;
        private readonly float[] _coord;
        private float[]? _scores;
        // How many words match each document (below Final); while a word is read, Reached marks the documents it has
        // reached; Final marks a document whose score is already its whole score (coordination and bonus applied).
        private byte[]? _matched;
        private const byte Reached = 0x80, Final = 0x40, Words = Final - 1;
        private ulong[]? _enough; // bit d: document d has enough words
        private readonly int _cost;
        private int _doc = -1;

        public WordsScorer(Weight weight, List<List<Postings>> words, Scorer? bonus, AtomicReaderContext context, IBits acceptDocs, int minimumMatch, float[] coord) : base(weight)
        {
            var maxDoc = context.AtomicReader.MaxDoc;
            _maxDoc = maxDoc;
            _coord = coord;
            _scores = ArrayPool<float>.Shared.Rent(maxDoc);
            _matched = ArrayPool<byte>.Shared.Rent(maxDoc);
            Array.Clear(_matched, 0, maxDoc);
            _enough = ArrayPool<ulong>.Shared.Rent((maxDoc + 63) >> 6);
            Array.Clear(_enough, 0, (maxDoc + 63) >> 6);
            var touched = ArrayPool<int>.Shared.Rent(maxDoc);
            // The rarest words first. Once fewer words are left than a document still lacks, it can no longer match: a
            // word is then read only at the documents that have enough words so far (as Lucene's MinShouldMatchSumScorer
            // leaps over the commonest words). atLeast[k]: the documents with k words or more (below the minimum), and
            // how many. Where those are few next to the word's postings, the two leap over each other; where they are
            // many, the postings are read through and the rest passed over.
            var order = ByCost(words);
            var words64 = (maxDoc + 63) >> 6;
            var atLeast = minimumMatch > 1 ? new ulong[]?[minimumMatch] : null;
            var atLeastCount = minimumMatch > 1 ? new int[minimumMatch] : null;
            for (var k = 1; k < minimumMatch; k++)
            {
                atLeast![k] = ArrayPool<ulong>.Shared.Rent(words64);
                Array.Clear(atLeast[k]!, 0, words64);
            }
            try
            {
                PostingsEnumerators? enumerators = null;
                for (var w = 0; w < order.Length; w++)
                {
                    var postings = words[order[w].Word];
                    // The words left, this one included, must make up what a document lacks: from `need` words on it can match.
                    var need = minimumMatch - (order.Length - w);
                    var only = need > 0 ? atLeast![need] : null;
                    var leap = only is not null && (long)atLeastCount![need] * LeapRatio < order[w].Cost;
                    // Each posting's score straight into its document's total; Reached marks the documents this word has reached
                    // (listed in touched), whose count of words goes up by one when the word is done.
                    var count = 0;
                    int doc;
                    foreach (var part in postings)
                    {
                        if (part.Part is TermPart term)
                        {
                            var docs = term.Docs(context, part.State!, acceptDocs, enumerators ??= PostingsEnumerators.For(context.AtomicReader));
                            if (term.Bm25(context) is var (termWeight, lengths, norms))
                            {
                                // BM25DocScorer.Score: weight × freq / (freq + the length factor of the document's norm).
                                if (only is null)
                                {
                                    while ((doc = docs.NextDoc()) != NO_MORE_DOCS)
                                    {
                                        float freq = docs.Freq;
                                        Add(doc, termWeight * freq / (freq + lengths[norms[doc]]), _matched, _scores, touched, ref count);
                                    }
                                    continue;
                                }
                                for (doc = First(docs, only, leap, maxDoc); doc != NO_MORE_DOCS; doc = Next(docs, doc, only, leap, maxDoc))
                                {
                                    float freq = docs.Freq;
                                    Add(doc, termWeight * freq / (freq + lengths[norms[doc]]), _matched, _scores, touched, ref count);
                                }
                                continue;
                            }
                            var sim = term.SimScorer(context);
                            for (doc = First(docs, only, leap, maxDoc); doc != NO_MORE_DOCS; doc = Next(docs, doc, only, leap, maxDoc))
                                Add(doc, sim.Score(doc, docs.Freq), _matched, _scores, touched, ref count);
                            continue;
                        }
                        var scorer = part.Scorer ?? ((PhrasePart)part.Part!).Scorer(context, acceptDocs, enumerators ??= PostingsEnumerators.For(context.AtomicReader));
                        if (scorer is null) continue;
                        for (doc = First(scorer, only, leap, maxDoc); doc != NO_MORE_DOCS; doc = Next(scorer, doc, only, leap, maxDoc))
                            Add(doc, scorer.GetScore(), _matched, _scores, touched, ref count);
                    }
                    for (var i = 0; i < count; i++)
                    {
                        doc = touched[i];
                        var after = (_matched[doc] & Words) + 1;
                        _matched[doc] = (byte)after;
                        if (after == minimumMatch) _enough[doc >> 6] |= 1UL << doc;
                        else if (after < minimumMatch)
                        {
                            atLeast![after]![doc >> 6] |= 1UL << doc;
                            atLeastCount![after]++;
                        }
                    }
                    _cost += count;
                }
            }
            finally
            {
                ArrayPool<int>.Shared.Return(touched);
                for (var k = 1; k < minimumMatch; k++) ArrayPool<ulong>.Shared.Return(atLeast![k]!);
            }
            // The bonus can only match where every word does: it is asked about those documents alone, leaping over
            // the rest of its postings. Where it matches, the document's whole score is taken now, so reading a match
            // afterwards costs one multiplication.
            var all = coord.Length - 1;
            if (bonus is null || words.Count < all) return;
            var stands = -1; // where the bonus stands: it may only be advanced beyond that
            for (var at = EveryWord(0, all); at != NO_MORE_DOCS;)
            {
                if (stands < at && (stands = bonus.Advance(at)) == NO_MORE_DOCS) break;
                if (stands != at)
                {
                    at = EveryWord(stands, all);
                    continue;
                }
                _scores[at] = _scores[at] * coord[all] + bonus.GetScore();
                _matched[at] = (byte)(all | Final);
                at = EveryWord(at + 1, all);
            }
        }

        /// <summary>From <paramref name="from"/> on, the first document that has every word (before any is marked final).</summary>
        private int EveryWord(int from, int all)
        {
            var next = from < _maxDoc ? _matched!.AsSpan(from, _maxDoc - from).IndexOf((byte)all) : -1;
            return next < 0 ? NO_MORE_DOCS : from + next;
        }

        /// <summary>
        /// The words, rarest first, with what reading each costs: how many postings its terms have (a part that is not a
        /// term, a phrase, counts as many as the segment has documents).
        /// </summary>
        private static (int Word, long Cost)[] ByCost(List<List<Postings>> words)
        {
            var order = new (int Word, long Cost)[words.Count];
            for (var w = 0; w < order.Length; w++)
            {
                long cost = 0;
                foreach (var part in words[w])
                    cost += part.State is Lucene.Net.Codecs.BlockTermState term ? term.DocFreq : part.Scorer?.GetCost() ?? int.MaxValue;
                // Insertion sort: at most eight words, and stable, so equal costs keep the query's order.
                var at = w;
                for (; at > 0 && order[at - 1].Cost > cost; at--) order[at] = order[at - 1];
                order[at] = (w, cost);
            }
            return order;
        }

        [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveInlining)]
        private static void Add(int doc, float score, byte[] matched, float[] scores, int[] touched, ref int count)
        {
            var before = matched[doc];
            if (before < Reached)
            {
                matched[doc] = (byte)(before | Reached);
                scores[doc] = before == 0 ? score : scores[doc] + score;
                touched[count++] = doc;
            }
            else
            {
                scores[doc] += score;
            }
        }

        public override int DocID => _doc;

        public override int Freq => _matched is null || _doc < 0 ? 0 : _matched[_doc] & Words;

        public override float GetScore()
        {
            var matched = _matched![_doc];
            return matched >= Final ? _scores![_doc] : _scores![_doc] * _coord[matched];
        }

        public override int NextDoc() => Advance(_doc + 1);

        public override int Advance(int target)
        {
            if (_matched is null) return _doc = NO_MORE_DOCS;
            if ((_doc = NextSet(_enough!, Math.Max(target, 0), _maxDoc)) == NO_MORE_DOCS) Release();
            return _doc;
        }

        /// <summary>The first set bit from <paramref name="from"/> on, 64 documents at a time; NO_MORE_DOCS if none.</summary>
        private static int NextSet(ulong[] bits, int from, int maxDoc)
        {
            var at = from >> 6;
            var words = (maxDoc + 63) >> 6;
            if (at >= words) return NO_MORE_DOCS;
            var word = bits[at] & (ulong.MaxValue << from);
            while (word == 0 && ++at < words) word = bits[at];
            return word == 0 ? NO_MORE_DOCS : (at << 6) + System.Numerics.BitOperations.TrailingZeroCount(word);
        }

        /// <summary>
        /// How many postings a word may have per document it is asked about before they are leapt over (Advance, by
        /// their skip data) instead of read through: an Advance costs more than reading a posting and passing it by. On
        /// the 100 000-item benchmark any value from 0 to 100 000 measured the same (docs/benchmarks.md, eighth pass).
        /// </summary>
        private const int LeapRatio = 8;

        /// <summary>The first document of <paramref name="postings"/>, among the documents of <paramref name="only"/> when given.</summary>
        private static int First(DocIdSetIterator postings, ulong[]? only, bool leap, int maxDoc)
        {
            if (only is null || !leap) return Next(postings, -1, only, leap, maxDoc);
            var target = NextSet(only, 0, maxDoc);
            return target == NO_MORE_DOCS ? NO_MORE_DOCS : Next(postings, postings.Advance(target), only, leap, maxDoc, scored: false);
        }

        /// <summary>
        /// After <paramref name="doc"/> (or at it, when it is not scored yet), the next document of <paramref name="postings"/>
        /// that is also in <paramref name="only"/>: read through, or with <paramref name="leap"/> the two leap over each
        /// other, the postings with Advance (over whole blocks, by their skip data), the bitset 64 documents at a time.
        /// </summary>
        private static int Next(DocIdSetIterator postings, int doc, ulong[]? only, bool leap, int maxDoc, bool scored = true)
        {
            if (only is null) return postings.NextDoc();
            if (!leap)
            {
                while ((doc = postings.NextDoc()) != NO_MORE_DOCS && (only[doc >> 6] & (1UL << doc)) == 0) { }
                return doc;
            }
            if (scored) doc = postings.NextDoc();
            while (doc != NO_MORE_DOCS)
            {
                var target = NextSet(only, doc, maxDoc);
                if (target == doc) return doc;
                if (target == NO_MORE_DOCS) return NO_MORE_DOCS;
                doc = postings.Advance(target);
            }
            return NO_MORE_DOCS;
        }

        public override long GetCost() => _cost;

        private void Release()
        {
            if (_matched is null) return;
            ArrayPool<float>.Shared.Return(_scores!);
            ArrayPool<byte>.Shared.Return(_matched);
            ArrayPool<ulong>.Shared.Return(_enough!);
            _enough = null;
            _scores = null;
            _matched = null;
        }
    }
}
