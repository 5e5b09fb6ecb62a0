using Lucene.Net.Index;
using Lucene.Net.Util;

namespace LerendeRegio.Web.Search;

/// <summary>
/// Per thread and segment, a terms enumerator per field, one postings enumerator and a few with positions, positioned
/// anew for each term. <see cref="WordsQuery"/> reads the terms and phrases of its words one after the other, inside
/// its scorer's constructor, on one thread, so one set serves them all, and the next search on that thread too. Making
/// a new set for every term, field, segment and search (a terms-dictionary cursor with its frames, postings buffers of
/// 128 entries each) was most of what setting up a search cost on the seeded site. Held weakly by the segment's core:
/// gone with the segment. Deleted documents are passed on every call, so a reopened reader of the same core is served
/// correctly.
/// </summary>
internal sealed class PostingsEnumerators
{
    [ThreadStatic] private static System.Runtime.CompilerServices.ConditionalWeakTable<object, PostingsEnumerators>? _perSegment;

    private readonly Dictionary<string, TermsEnum?> _terms = new(StringComparer.Ordinal);
    private DocsEnum? _docs;
    private DocsAndPositionsEnum?[] _positions = new DocsAndPositionsEnum?[4];

    public static PostingsEnumerators For(AtomicReader reader) => (_perSegment ??= []).GetValue(reader.CoreCacheKey, _ => new PostingsEnumerators());

    /// <summary>The term's postings in this segment, every document (deleted ones too), with frequencies; valid until the next call.</summary>
    public DocsEnum Docs(AtomicReader reader, Term term, TermState state) =>
        _docs = Seek(reader, term, state).Docs(null, _docs, DocsFlags.FREQS);

    /// <summary>
    /// The term's postings with positions, in <paramref name="slot"/> (a phrase uses one per word), and how many
    /// documents of the segment have it; valid until that slot is used again.
    /// </summary>
    public (DocsAndPositionsEnum? Postings, int DocFreq) Positions(AtomicReader reader, Term term, TermState state, IBits acceptDocs, int slot)
    {
        if (slot >= _positions.Length) Array.Resize(ref _positions, Math.Max(slot + 1, _positions.Length * 2));
        var terms = Seek(reader, term, state);
        return (_positions[slot] = terms.DocsAndPositions(acceptDocs, _positions[slot], DocsAndPositionsFlags.NONE), terms.DocFreq);
    }

    private TermsEnum Seek(AtomicReader reader, Term term, TermState state)
    {
        if (!_terms.TryGetValue(term.Field, out var terms)) _terms[term.Field] = terms = reader.GetTerms(term.Field)?.GetEnumerator();
        if (terms is null) throw new InvalidOperationException($"Field {term.Field} has a term state but no terms in this segment.");
        terms.SeekExact(term.Bytes, state);
        return terms;
    }
}
