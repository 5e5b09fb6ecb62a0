using Lucene.Net.Index;

namespace LerendeRegio.Web.Search;

/// <summary>
/// A field's norms in a segment (the length byte BM25 reads for every posting), copied once into a plain array of a
/// byte per document and kept with the segment's core (a segment's norms never change). <see cref="WordsQuery"/> reads
/// them straight from it: through the norms' doc values and the similarity's scorer, two virtual calls for each posting,
/// scoring cost 10 ns a posting against 6 with the array (<c>LerendeRegio.Benchmarks -- probe</c>, docs/benchmarks.md).
/// </summary>
internal static class SegmentNorms
{
    private static readonly System.Runtime.CompilerServices.ConditionalWeakTable<object, System.Collections.Concurrent.ConcurrentDictionary<string, Lazy<byte[]?>>> Segments = [];

    /// <summary>Null when the field has no norms in this segment.</summary>
    public static byte[]? Of(AtomicReader reader, string field) =>
        Segments.GetValue(reader.CoreCacheKey, _ => new(StringComparer.Ordinal))
            .GetOrAdd(field, static (f, r) => new Lazy<byte[]?>(() => Copy(r, f)), reader).Value;

    private static byte[]? Copy(AtomicReader reader, string field)
    {
        if (reader.GetNormValues(field) is not { } norms) return null;
        var bytes = new byte[reader.MaxDoc];
        // BM25Similarity reads a norm as (sbyte)norms.Get(doc) & 0xFF: its low byte.
        for (var doc = 0; doc < bytes.Length; doc++) bytes[doc] = unchecked((byte)norms.Get(doc));
        return bytes;
    }
}
