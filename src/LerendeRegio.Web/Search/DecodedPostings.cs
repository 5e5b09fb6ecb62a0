using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using Lucene.Net.Index;

namespace LerendeRegio.Web.Search;

/// <summary>
/// A term's postings in a segment, decoded once into plain arrays (documents and frequencies) and kept per segment
/// core, whose postings never change. A term in one document of 32 or more gets a bitset too, with a count per 64
/// documents, so a document's posting is found at once. <see cref="WordsQuery"/> reads its terms from here: the
/// documents with enough words come from OR-ing and counting bitsets, and only the postings of those documents are
/// scored. Read through Lucene's postings enumerator, every posting cost a virtual call, its share of decoding a
/// compressed block, and a score (docs/benchmarks.md, ninth pass). Deleted documents are in the arrays: the reader
/// passes its live documents on every search, so a reopened reader of the same core is served too.
/// <para>
/// Memory is bounded: all cores together keep at most <see cref="Budget"/> bytes (<see cref="Shared"/>: 64 MiB); past it
/// the terms used longest ago are dropped (until three quarters are left). A term too large for a quarter of the
/// budget is decoded for the one search only.
/// </para>
/// </summary>
internal sealed class DecodedPostings
{
    /// <summary>What the search keeps, for all segments together: 64 MiB, enough for every term of the benchmark's queries many times over.</summary>
    public static readonly DecodedPostings Shared = new(64L << 20);

    private readonly ConditionalWeakTable<object, Core> _cores = [];
    private readonly Lock _evicting = new();
    private long _bytes; // kept, as far as known: an estimate between evictions, which count afresh
    private long _clock;

    public DecodedPostings(long budget) => Budget = budget;

    /// <summary>How many bytes the postings kept in all segments' cores may take together.</summary>
    public long Budget { get; }

    private sealed class Core
    {
        public readonly ConcurrentDictionary<Term, Postings> Terms = new();
    }

    /// <summary>The term's postings in this segment, all its documents (deleted ones too).</summary>
    public sealed class Postings(int[] docs, int[] freqs, int count, ulong[]? bits, int[]? ranks)
    {
        public readonly int[] Docs = docs;
        public readonly int[] Freqs = freqs;
        public readonly int Count = count;
        /// <summary>The documents as bits, for a term in one document of 32 or more (no larger than the documents' array).</summary>
        public readonly ulong[]? Bits = bits;
        /// <summary>With <see cref="Bits"/>: per 64 documents, how many postings come before them, so a document's posting is found without a search.</summary>
        public readonly int[]? Ranks = ranks;
        internal long LastUsed;

        internal long Bytes => 64 + 8L * Docs.Length + 8L * (Bits?.Length ?? 0) + 4L * (Ranks?.Length ?? 0);

        /// <summary>Where document <paramref name="doc"/>'s posting is in <see cref="Docs"/> and <see cref="Freqs"/>, -1 if the term is not in it (for a term with <see cref="Bits"/>).</summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public int IndexOf(int doc)
        {
            var word = Bits![doc >> 6];
            var below = 1UL << doc;
            return (word & below) == 0 ? -1 : Ranks![doc >> 6] + System.Numerics.BitOperations.PopCount(word & (below - 1));
        }
    }

    /// <summary>Kept postings and their bytes in every live core (for tests and the benchmark's memory figure).</summary>
    public (int Terms, long Bytes) Kept()
    {
        int terms = 0;
        long bytes = 0;
        foreach (var (_, core) in _cores)
        {
            foreach (var (_, postings) in core.Terms)
            {
                terms++;
                bytes += postings.Bytes;
            }
        }
        return (terms, bytes);
    }

    /// <summary>The term's postings in the segment, decoded now if not kept yet.</summary>
    public Postings Of(AtomicReader reader, Term term, TermState state, PostingsEnumerators enumerators)
    {
        var core = _cores.GetValue(reader.CoreCacheKey, _ => new Core());
        if (core.Terms.TryGetValue(term, out var kept))
        {
            kept.LastUsed = Interlocked.Increment(ref _clock);
            return kept;
        }
        var postings = Decode(reader, term, state, enumerators);
        if (postings.Bytes > Budget / 4) return postings;
        postings.LastUsed = Interlocked.Increment(ref _clock);
        if (!core.Terms.TryAdd(term, postings)) return core.Terms.TryGetValue(term, out kept) ? kept : postings;
        if (Interlocked.Add(ref _bytes, postings.Bytes) > Budget) Evict();
        return postings;
    }

    private static Postings Decode(AtomicReader reader, Term term, TermState state, PostingsEnumerators enumerators)
    {
        var docs = enumerators.Docs(reader, term, state);
        var capacity = state is Lucene.Net.Codecs.BlockTermState block ? block.DocFreq : 16;
        var ids = new int[capacity];
        var freqs = new int[capacity];
        var count = 0;
        int doc;
        while ((doc = docs.NextDoc()) != Lucene.Net.Search.DocIdSetIterator.NO_MORE_DOCS)
        {
            if (count == ids.Length)
            {
                Array.Resize(ref ids, count * 2);
                Array.Resize(ref freqs, count * 2);
            }
            ids[count] = doc;
            freqs[count++] = docs.Freq;
        }
        ulong[]? bits = null;
        int[]? ranks = null;
        var maxDoc = reader.MaxDoc;
        if (count >= maxDoc >> 5 && count > 0)
        {
            bits = new ulong[(maxDoc + 63) >> 6];
            for (var i = 0; i < count; i++) bits[ids[i] >> 6] |= 1UL << ids[i];
            ranks = new int[bits.Length];
            for (int b = 0, before = 0; b < bits.Length; b++)
            {
                ranks[b] = before;
                before += System.Numerics.BitOperations.PopCount(bits[b]);
            }
        }
        return new Postings(ids, freqs, count, bits, ranks);
    }

    /// <summary>Counts what every live core keeps and drops the terms used longest ago until three quarters of the budget are left.</summary>
    private void Evict()
    {
        lock (_evicting)
        {
            var all = new List<(Core Core, Term Term, Postings Postings)>();
            long bytes = 0;
            foreach (var (_, core) in _cores)
            {
                foreach (var (term, postings) in core.Terms)
                {
                    all.Add((core, term, postings));
                    bytes += postings.Bytes;
                }
            }
            if (bytes > Budget)
            {
                all.Sort((a, b) => a.Postings.LastUsed.CompareTo(b.Postings.LastUsed));
                foreach (var (core, term, postings) in all)
                {
                    if (bytes <= Budget / 4 * 3) break;
                    if (core.Terms.TryRemove(term, out _)) bytes -= postings.Bytes;
                }
            }
            Interlocked.Exchange(ref _bytes, bytes);
        }
    }
}
