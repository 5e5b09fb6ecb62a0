using System.Buffers;
using Lucene.Net.Index;
using Lucene.Net.Search;
using Lucene.Net.Util;

namespace LerendeRegio.Web.Search;

/// <summary>
/// The words of a search: an item matches when at least <see cref="MinimumMatch"/> of the word clauses match, and
/// scores the sum of its matching clauses times the coordination factor (matched words / all words). That is what a
/// BooleanQuery of SHOULD clauses with coordination and a minimum-should-match computes, but a term at a time and in two
/// steps, instead of every match of every field passing through two levels of priority queues (a word is a disjunction
/// over title, summary, terms and body, and the words a disjunction of those). First the matching documents are found
/// with bitsets, 64 documents at a time: each word's documents, counted per document in bit planes. Then only their
/// postings are scored. A term's postings are decoded once per segment and kept (<see cref="DecodedPostings"/>), so
/// neither step decodes anything when the term was searched before. A word that is itself a disjunction over fields
/// and synonyms is taken apart, so each field's postings are read straight through too, and a term is scored by BM25
/// from the segment's norms in an array (<see cref="SegmentNorms"/>), to the same float as Lucene's scorer. Each
/// posting's score is added to its document's total straight away (the BooleanQuery summed a word's fields first: the
/// totals differ in the last bits of a float). An optional <see cref="Bonus"/> (the words as a phrase) is asked only
/// about the documents with every word.
/// </summary>
public sealed class WordsQuery : Query
{
    /// <summary>More words than this stay a BooleanQuery (a document's count of words has four bit planes, room for 15).</summary>
    public const int MaxWords = 8;

    private readonly Query[] _words;

    /// <summary>
    /// Whether the words query serves this many words, with any minimum: up to <see cref="MaxWords"/>. Before the matches
    /// were found with bitsets, every word was required in a BooleanQuery, whose conjunction leaps over the postings
    /// of the commoner words; now the words query is faster there too, as it is when most words are needed (probes on
    /// the 100 000-item index, every word required, before and after: jongeren Emmen 236 against 188 µs, armoede en
    /// schulden vroegsignalering 228 against 63, energiecoach huurders 229 against 113, ouders van peuters taal
    /// Valthermond 189 against 84; <c>tests/LerendeRegio.Benchmarks -- probe</c>, docs/benchmarks.md, ninth pass).
    /// </summary>
    public static bool Suits(int words) => words <= MaxWords;

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

        /// <summary>The term's postings in the segment, all documents (deleted ones too), decoded once and kept (<see cref="DecodedPostings"/>).</summary>
        public DecodedPostings.Postings Decoded(AtomicReaderContext context, TermState state, PostingsEnumerators enumerators) =>
            DecodedPostings.Shared.Of(context.AtomicReader, Term, state, enumerators);

        public Lucene.Net.Search.Similarities.Similarity.SimScorer SimScorer(AtomicReaderContext context) => _similarity.GetSimScorer(_stats, context);
    }

    /// <summary>
    /// Where a part's matches in a segment come from: a scorer; a term read by the words scorer itself (with its state);
    /// or a phrase whose scorer is made when it is read.
    /// </summary>
    private readonly record struct Postings(Scorer? Scorer, Part? Part, TermState? State);

    /// <summary>
    /// All scoring happens when the scorer is made, in two steps; after that it walks the matching documents in order.
    /// First, which documents match, 64 at a time: each word's documents as bits (its terms' kept bitsets OR-ed, or their
    /// documents set one by one), added into a count per document held in bit planes (plane p holds bit p of every
    /// document's count of words), from which the documents with at least the minimum are compared out. Then only those
    /// are scored, from <see cref="DecodedPostings"/>: a term's postings are passed once, and a posting adds its score
    /// where its document is one of them; or, where the term has many postings per matching document, each matching
    /// document's posting is found by its rank in the term's bitset. Before, every posting of every word was scored and
    /// counted into arrays (a write to three arrays per posting), and the commonest words read only where they could
    /// still count.
    /// </summary>
    private sealed class WordsScorer : Scorer
    {
        private readonly int _maxDoc;
        private readonly float[] _coord;
        private float[]? _scores;
        // Per matching document (and only those are written): how many words it has, and Final once its score is its
        // whole score (coordination and bonus applied).
        private byte[]? _matched;
        private const byte Final = 0x40, Words = Final - 1;
        private ulong[]? _enough; // bit d: document d has enough words
        private readonly int _cost;
        private int _doc = -1;

        public WordsScorer(Weight weight, List<List<Postings>> words, Scorer? bonus, AtomicReaderContext context, IBits acceptDocs, int minimumMatch, float[] coord) : base(weight)
        {
            var maxDoc = context.AtomicReader.MaxDoc;
            _maxDoc = maxDoc;
            _coord = coord;
            var blocks = (maxDoc + 63) >> 6;
            // When every word (of those in this segment) is needed, the words' bits are simply AND-ed, and each match has
            // them all. Otherwise they are counted: up to the number of words, one plane for one word, two for up to
            // three, three for up to seven, four for eight.
            var every = minimumMatch == words.Count;
            var planes = new ulong[every ? 0 : System.Numerics.BitOperations.Log2((uint)words.Count) + 1][];
            for (var p = 0; p < planes.Length; p++)
            {
                planes[p] = ArrayPool<ulong>.Shared.Rent(blocks);
                Array.Clear(planes[p], 0, blocks);
            }
            var wordBits = ArrayPool<ulong>.Shared.Rent(blocks);
            var enough = _enough = ArrayPool<ulong>.Shared.Rent(blocks);
            var read = new Read[words.Count][];
            int[]? candidates = null; // the matching documents, in order
            try
            {
                PostingsEnumerators? enumerators = null;
                for (var w = 0; w < words.Count; w++)
                {
                    var bits = every && w == 0 ? enough : wordBits;
                    Array.Clear(bits, 0, blocks);
                    read[w] = new Read[words[w].Count];
                    for (var i = 0; i < read[w].Length; i++)
                        read[w][i] = Read.Of(words[w][i], context, acceptDocs, ref enumerators, bits, blocks);
                    if (!every) AddToCount(planes, wordBits, blocks);
                    else if (w > 0)
                    {
                        for (var b = 0; b < blocks; b++) enough[b] &= wordBits[b];
                    }
                }
                if (!every) AtLeast(planes, minimumMatch, enough, blocks);
                var scores = _scores = ArrayPool<float>.Shared.Rent(maxDoc);
                var matched = _matched = ArrayPool<byte>.Shared.Rent(maxDoc);
                candidates = ArrayPool<int>.Shared.Rent(maxDoc);
                for (var doc = NextSet(enough, 0, maxDoc); doc != NO_MORE_DOCS; doc = NextSet(enough, doc + 1, maxDoc))
                {
                    // The kept postings have every document: the deleted ones (or those a filter passes over) are left out here.
                    if (acceptDocs is not null && !acceptDocs.Get(doc))
                    {
                        enough[doc >> 6] &= ~(1UL << doc);
                        continue;
                    }
                    scores[doc] = 0f;
                    matched[doc] = (byte)(every ? words.Count : CountAt(planes, doc));
                    candidates[_cost++] = doc;
                }
                foreach (var parts in read)
                    foreach (var part in parts) part.AddScores(context, enough, candidates.AsSpan(0, _cost), scores);
            }
            finally
            {
                if (candidates is not null) ArrayPool<int>.Shared.Return(candidates);
                foreach (var plane in planes) ArrayPool<ulong>.Shared.Return(plane);
                ArrayPool<ulong>.Shared.Return(wordBits);
                foreach (var parts in read)
                    foreach (var part in parts ?? []) part.Return();
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

        /// <summary>From <paramref name="from"/> on, the first matching document that has every word (before any is marked final).</summary>
        private int EveryWord(int from, int all)
        {
            var doc = NextSet(_enough!, from, _maxDoc);
            while (doc != NO_MORE_DOCS && _matched![doc] != all) doc = NextSet(_enough!, doc + 1, _maxDoc);
            return doc;
        }

        /// <summary>Adds a word's documents to the counts: a ripple-carry addition of one bit, 64 documents at a time.</summary>
        private static void AddToCount(ulong[][] planes, ulong[] bits, int blocks)
        {
            for (var b = 0; b < blocks; b++)
            {
                var carry = bits[b];
                for (var p = 0; carry != 0 && p < planes.Length; p++)
                {
                    var both = planes[p][b] & carry;
                    planes[p][b] ^= carry;
                    carry = both;
                }
            }
        }

        /// <summary>The documents whose count is at least <paramref name="minimum"/>, 64 at a time: compared from the highest bit down.</summary>
        private static void AtLeast(ulong[][] planes, int minimum, ulong[] enough, int blocks)
        {
            for (var b = 0; b < blocks; b++)
            {
                ulong greater = 0, equal = ulong.MaxValue;
                for (var p = planes.Length - 1; p >= 0; p--)
                {
                    var plane = planes[p][b];
                    if (((minimum >> p) & 1) != 0) equal &= plane;
                    else
                    {
                        greater |= equal & plane;
                        equal &= ~plane;
                    }
                }
                enough[b] = greater | equal;
            }
        }

        private static int CountAt(ulong[][] planes, int doc)
        {
            var count = 0;
            for (var p = 0; p < planes.Length; p++) count |= (int)((planes[p][doc >> 6] >> doc) & 1) << p;
            return count;
        }

        /// <summary>
        /// One part of a word, read: a term's kept postings (all documents), or a scorer's matches and scores, taken once
        /// (an exact phrase, or another query) into pooled arrays.
        /// </summary>
        private readonly struct Read(TermPart? term, DecodedPostings.Postings? postings, int[]? docs, float[]? scores, int count)
        {
            public static Read Of(Postings part, AtomicReaderContext context, IBits acceptDocs, ref PostingsEnumerators? enumerators, ulong[] bits, int blocks)
            {
                if (part.Part is TermPart term)
                {
                    var postings = term.Decoded(context, part.State!, enumerators ??= PostingsEnumerators.For(context.AtomicReader));
                    if (postings.Bits is { } kept)
                    {
                        for (var b = 0; b < blocks; b++) bits[b] |= kept[b];
                    }
                    else
                    {
                        for (var i = 0; i < postings.Count; i++) bits[postings.Docs[i] >> 6] |= 1UL << postings.Docs[i];
                    }
                    return new Read(term, postings, null, null, 0);
                }
                var scorer = part.Scorer ?? ((PhrasePart)part.Part!).Scorer(context, acceptDocs, enumerators ??= PostingsEnumerators.For(context.AtomicReader));
                if (scorer is null) return default;
                var docs = ArrayPool<int>.Shared.Rent(64);
                var scores = ArrayPool<float>.Shared.Rent(64);
                var count = 0;
                int doc;
                while ((doc = scorer.NextDoc()) != NO_MORE_DOCS)
                {
                    if (count == docs.Length)
                    {
                        Grow(ref docs, count);
                        Grow(ref scores, count);
                    }
                    docs[count] = doc;
                    scores[count++] = scorer.GetScore();
                    bits[doc >> 6] |= 1UL << doc;
                }
                return new Read(null, null, docs, scores, count);
            }

            private static void Grow<T>(ref T[] array, int count)
            {
                var larger = ArrayPool<T>.Shared.Rent(count * 2);
                Array.Copy(array, larger, count);
                ArrayPool<T>.Shared.Return(array);
                array = larger;
            }

            /// <summary>
            /// How many postings passing by cost as much as finding one matching document's posting by its rank
            /// (<see cref="DecodedPostings.Postings.IndexOf"/>): where a term has more postings than this many per matching document, the matching
            /// documents are looked up in it instead of its postings being passed.
            /// </summary>
            private const int LookupCost = 4;

            /// <summary>Adds the score of each posting whose document is one of <paramref name="enough"/> (listed in <paramref name="matching"/>).</summary>
            public void AddScores(AtomicReaderContext context, ulong[] enough, ReadOnlySpan<int> matching, float[] total)
            {
                int doc;
                if (postings is null)
                {
                    for (var i = 0; i < count; i++)
                    {
                        doc = docs![i];
                        if ((enough[doc >> 6] & (1UL << doc)) != 0) total[doc] += scores![i];
                    }
                    return;
                }
                var ids = postings.Docs;
                var freqs = postings.Freqs;
                if (term!.Bm25(context) is not var (weight, lengths, norms))
                {
                    // Another similarity than the site's: through its scorer, every posting passed.
                    var sim = term.SimScorer(context);
                    for (var i = 0; i < postings.Count; i++)
                    {
                        doc = ids[i];
                        if ((enough[doc >> 6] & (1UL << doc)) != 0) total[doc] += sim.Score(doc, freqs[i]);
                    }
                    return;
                }
                // BM25DocScorer.Score: weight × freq / (freq + the length factor of the document's norm).
                if (postings.Bits is not null && (long)matching.Length * LookupCost < postings.Count)
                {
                    foreach (var d in matching)
                    {
                        var at = postings.IndexOf(d);
                        if (at < 0) continue;
                        float freq = freqs[at];
                        total[d] += weight * freq / (freq + lengths[norms[d]]);
                    }
                    return;
                }
                for (var i = 0; i < postings.Count; i++)
                {
                    doc = ids[i];
                    if ((enough[doc >> 6] & (1UL << doc)) == 0) continue;
                    float freq = freqs[i];
                    total[doc] += weight * freq / (freq + lengths[norms[doc]]);
                }
            }

            public void Return()
            {
                if (docs is not null) ArrayPool<int>.Shared.Return(docs);
                if (scores is not null) ArrayPool<float>.Shared.Return(scores);
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
