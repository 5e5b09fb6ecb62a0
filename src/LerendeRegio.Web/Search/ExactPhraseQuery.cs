using Lucene.Net.Index;
using Lucene.Net.Search;
using Lucene.Net.Search.Similarities;
using Lucene.Net.Util;

namespace LerendeRegio.Web.Search;

/// <summary>
/// Words that must stand next to each other, in this order, in one field: a quoted phrase or a synonym of several words
/// ("primair onderwijs"). It finds and scores exactly what Lucene's PhraseQuery without slop does (BM25 of how often
/// the phrase occurs, the words' idf summed), but its scorer keeps no tables: Lucene 4.8's ExactPhraseScorer allocates
/// two 4 096-entry int arrays each time it is made, for every phrase, segment and search. On the seeded site a search
/// for a word with such a synonym made several, 40% of all it allocated (a gc-verbose trace under wrk), and garbage
/// collection was a large part of a search request's time.
/// </summary>
public sealed class ExactPhraseQuery : Query
{
    private readonly Term[] _terms;

    public ExactPhraseQuery(string field, IEnumerable<string> words)
    {
        _terms = [.. words.Select(w => new Term(field, w))];
        if (_terms.Length == 0) throw new ArgumentException("A phrase needs at least one word.", nameof(words));
    }

    public string Field => _terms[0].Field;

    public IReadOnlyList<Term> Terms => _terms;

    /// <summary>The same phrase as Lucene's PhraseQuery (for comparison, and to ask whether it occurs at all).</summary>
    public PhraseQuery ToPhraseQuery()
    {
        var phrase = new PhraseQuery { Boost = Boost };
        foreach (var term in _terms) phrase.Add(term);
        return phrase;
    }

    public override Weight CreateWeight(IndexSearcher searcher) => new PhraseWeight(this, searcher);

    /// <summary>One word is a term query, as Lucene rewrites a phrase of one word (it counts a word twice at one position twice).</summary>
    public override Query Rewrite(IndexReader reader) => _terms.Length == 1 ? new TermQuery(_terms[0]) { Boost = Boost } : this;

    public override void ExtractTerms(ISet<Term> terms)
    {
        foreach (var term in _terms) terms.Add(term);
    }

    public override string ToString(string field) =>
        (field == Field ? "" : Field + ":") + "\"" + string.Join(' ', _terms.Select(t => t.Text)) + "\"" + (Boost == 1f ? "" : $"^{Boost}");

    public override bool Equals(object? obj) => obj is ExactPhraseQuery other && other.Boost == Boost && other._terms.SequenceEqual(_terms);

    public override int GetHashCode()
    {
        var hash = new HashCode();
        hash.Add(Boost);
        foreach (var term in _terms) hash.Add(term);
        return hash.ToHashCode();
    }

    /// <summary>As Lucene's PhraseWeight: the words' statistics looked up once, one BM25 weight for the phrase.</summary>
    internal sealed class PhraseWeight : Weight
    {
        private readonly ExactPhraseQuery _query;
        private readonly Similarity _similarity;
        private readonly Similarity.SimWeight _stats;
        private readonly TermContext[] _states;

        public PhraseWeight(ExactPhraseQuery query, IndexSearcher searcher)
        {
            _query = query;
            _similarity = searcher.Similarity;
            var top = searcher.TopReaderContext;
            _states = [.. query._terms.Select(t => TermContext.Build(top, t))];
            var statistics = query._terms.Select((t, i) => searcher.TermStatistics(t, _states[i])).ToArray();
            _stats = _similarity.ComputeWeight(query.Boost, searcher.CollectionStatistics(query.Field), statistics);
        }

        public override Query Query => _query;

        public override float GetValueForNormalization() => _stats.GetValueForNormalization();

        public override void Normalize(float norm, float topLevelBoost) => _stats.Normalize(norm, topLevelBoost);

        public override Scorer? GetScorer(AtomicReaderContext context, IBits acceptDocs) => GetScorer(context, acceptDocs, null);

        /// <summary>Whether every word is in this segment (else there is no scorer).</summary>
        internal bool InSegment(AtomicReaderContext context) => _states.All(s => s.Get(context.Ord) is not null);

        /// <summary>
        /// With <paramref name="reuse"/>, the thread's enumerators of this segment are positioned on the words instead of
        /// new ones: only for a caller that reads the scorer to its end before it asks for the next (<see cref="WordsQuery"/>).
        /// </summary>
        internal Scorer? GetScorer(AtomicReaderContext context, IBits acceptDocs, PostingsEnumerators? reuse)
        {
            var enumerators = reuse ?? new PostingsEnumerators(); // a set of its own: the scorer may be read beside others
            var words = new (DocsAndPositionsEnum Postings, int Offset, int DocFreq)[_query._terms.Length];
            for (var i = 0; i < words.Length; i++)
            {
                var state = _states[i].Get(context.Ord);
                if (state is null) return null; // a word is not in this segment
                var (postings, docFreq) = enumerators.Positions(context.AtomicReader, _query._terms[i], state, acceptDocs, slot: i);
                words[i] = (postings ?? throw new InvalidOperationException($"Field {_query.Field} was indexed without positions."), i, docFreq);
            }
            // The rarest word leads; the others are asked to catch up (as Lucene sorts them).
            Array.Sort(words, (a, b) => a.DocFreq.CompareTo(b.DocFreq));
            return new PhraseScorer(this, [.. words.Select(w => (w.Postings, w.Offset))], _similarity.GetSimScorer(_stats, context));
        }

        public override Explanation Explain(AtomicReaderContext context, int doc)
        {
            var scorer = GetScorer(context, context.AtomicReader.LiveDocs);
            if (scorer is not null && scorer.Advance(doc) == doc)
                return new Explanation(scorer.GetScore(), $"phrase {_query} occurs {scorer.Freq} times");
            return new Explanation(0f, $"phrase {_query} does not occur");
        }
    }

    /// <summary>Documents with every word (a leapfrog led by the rarest), then where the words stand in a row.</summary>
    private sealed class PhraseScorer(Weight weight, (DocsAndPositionsEnum Postings, int Offset)[] words, Similarity.SimScorer docScorer) : Scorer(weight)
    {
        private int _doc = -1;
        private int _freq;
        private int[] _starts = new int[16];
        private int[] _next = new int[16];

        public override int DocID => _doc;

        public override int Freq => _freq;

        public override float GetScore() => docScorer.Score(_doc, _freq);

        public override int NextDoc() => Settle(words[0].Postings.NextDoc());

        public override int Advance(int target) => Settle(words[0].Postings.Advance(target));

        public override long GetCost() => words[0].Postings.GetCost();

        /// <summary>From <paramref name="doc"/> of the leading word on, the first document where the phrase occurs.</summary>
        private int Settle(int doc)
        {
            while (doc != NO_MORE_DOCS)
            {
                var all = true;
                for (var i = 1; i < words.Length; i++)
                {
                    var postings = words[i].Postings;
                    var other = postings.DocID < doc ? postings.Advance(doc) : postings.DocID;
                    if (other == doc) continue;
                    all = false;
                    doc = other == NO_MORE_DOCS ? NO_MORE_DOCS : words[0].Postings.Advance(other);
                    break;
                }
                if (!all) continue;
                _freq = CountPhrases();
                if (_freq > 0) return _doc = doc;
                doc = words[0].Postings.NextDoc();
            }
            _freq = 0;
            return _doc = NO_MORE_DOCS;
        }

        /// <summary>
        /// How often the words stand in a row here: the start positions the first word allows (its position minus its
        /// place in the phrase), narrowed by each other word in turn. Positions come in order, a position possibly twice.
        /// </summary>
        private int CountPhrases()
        {
            var count = Read(words[0], ref _starts, null, 0);
            for (var i = 1; i < words.Length && count > 0; i++)
            {
                count = Read(words[i], ref _next, _starts, count);
                (_starts, _next) = (_next, _starts);
            }
            return count;
        }

        /// <summary>
        /// The start positions of <paramref name="word"/> into <paramref name="into"/>; with <paramref name="keep"/>, only
        /// those among its first <paramref name="kept"/>. Returns how many.
        /// </summary>
        private static int Read((DocsAndPositionsEnum Postings, int Offset) word, ref int[] into, int[]? keep, int kept)
        {
            var (postings, offset) = word;
            var freq = postings.Freq;
            if (into.Length < freq) into = new int[Math.Max(freq, into.Length * 2)];
            var count = 0;
            var k = 0;
            var last = int.MinValue;
            for (var p = 0; p < freq; p++)
            {
                var start = postings.NextPosition() - offset;
                // A word can stand twice at one position (a compound's part that is also its stem: kinderen gives kind
                // twice); like Lucene, it counts once.
                if (start == last) continue;
                last = start;
                if (keep is null)
                {
                    into[count++] = start;
                    continue;
                }
                while (k < kept && keep[k] < start) k++;
                if (k == kept) break;
                if (keep[k] == start) into[count++] = start;
            }
            return count;
        }
    }
}
