using System.Buffers.Binary;
using System.Collections.Concurrent;
using Lucene.Net.Store;
using LuceneDirectory = Lucene.Net.Store.Directory;

namespace LerendeRegio.Web.Search;

/// <summary>
/// A directory that writes through to the folder and reads each index file from a byte array loaded once. Lucene
/// writes a file once and never changes it (only <c>segments.gen</c> and the lock are rewritten, and those are read
/// from the folder), so a loaded copy stays right until the file is deleted. Why: Lucene.NET 4.8.0-beta00017 has no fast
/// way to read a file. Its MMapDirectory (what <c>FSDirectory.Open</c> picks on 64-bit Linux and Windows) reads byte by byte
/// through a MemoryMappedViewAccessor, up to 50× slower than file reads (lucenenet#1151, and it crashed under concurrent
/// search, lucenenet#1013); NIOFSDirectory makes a system call for every 1 KB buffer. Profiles of /api/search
/// spent most of a request in those reads. The whole index is kept in managed memory: a few MB for the site's
/// content, about the size of the index folder at 100 000 items (docs/benchmarks.md).
/// </summary>
public sealed class InMemoryReadDirectory(LuceneDirectory folder) : LuceneDirectory
{
    private readonly ConcurrentDictionary<string, Lazy<byte[]>> _files = new(StringComparer.Ordinal);

    /// <summary>Bytes of index files held in memory now.</summary>
    public long CachedBytes => _files.Values.Where(f => f.IsValueCreated).Sum(f => (long)f.Value.Length);

    private static bool Cacheable(string name) => !name.StartsWith("segments", StringComparison.Ordinal) && !name.EndsWith(".lock", StringComparison.Ordinal);

    private byte[]? Load(string name, IOContext context)
    {
        if (!Cacheable(name)) return null;
        if (_files.TryGetValue(name, out var loaded)) return loaded.Value;
        // Only what searches read: a merge reads segments that are about to go away, a flush reads a new segment's files
        // once to pack them into a compound file, and read-once files are checksums and commit points. Loading those
        // too made indexing slower (large arrays, full collections).
        if (!(context.Context == IOContext.UsageContext.DEFAULT || (context.Context == IOContext.UsageContext.READ && !context.ReadOnce))) return null;
        var length = folder.FileLength(name);
        if (length > Array.MaxLength) return null;
        return _files.GetOrAdd(name, n => new Lazy<byte[]>(() =>
        {
            using var input = folder.OpenInput(n, IOContext.READ_ONCE);
            var bytes = GC.AllocateUninitializedArray<byte>((int)input.Length);
            input.ReadBytes(bytes, 0, bytes.Length);
            return bytes;
        })).Value;
    }

    public override IndexInput OpenInput(string name, IOContext context) =>
        Load(name, context) is { } bytes ? new ByteArrayIndexInput(name, bytes, 0, bytes.Length) : folder.OpenInput(name, context);

    /// <summary>Compound files: every part is a slice of the one array, not a buffered copy.</summary>
    public override IndexInputSlicer CreateSlicer(string name, IOContext context) =>
        Load(name, context) is { } bytes ? new ArraySlicer(name, bytes) : base.CreateSlicer(name, context);

    public override string[] ListAll() => folder.ListAll();

    [Obsolete("Lucene.NET marks it obsolete; the index writer still asks.")]
#pragma warning disable CS0618
    public override bool FileExists(string name) => folder.FileExists(name);
#pragma warning restore CS0618

    public override void DeleteFile(string name)
    {
        _files.TryRemove(name, out _);
        folder.DeleteFile(name);
    }

    public override long FileLength(string name) => folder.FileLength(name);

    public override IndexOutput CreateOutput(string name, IOContext context)
    {
        _files.TryRemove(name, out _);
        return folder.CreateOutput(name, context);
    }

    public override void Sync(ICollection<string> names) => folder.Sync(names);

    public override Lucene.Net.Store.Lock MakeLock(string name) => folder.MakeLock(name);

    public override void ClearLock(string name) => folder.ClearLock(name);

    public override void SetLockFactory(LockFactory lockFactory) => folder.SetLockFactory(lockFactory);

    public override LockFactory LockFactory => folder.LockFactory;

    public override string GetLockID() => folder.GetLockID();

    public override string ToString() => $"{nameof(InMemoryReadDirectory)}({folder})";

    protected override void Dispose(bool disposing)
    {
        if (!disposing) return;
        _files.Clear();
        folder.Dispose();
    }

    private sealed class ArraySlicer(string name, byte[] bytes) : IndexInputSlicer
    {
        public override IndexInput OpenSlice(string sliceDescription, long offset, long length) =>
            new ByteArrayIndexInput($"{name} [{sliceDescription}]", bytes, checked((int)offset), checked((int)length));

        [Obsolete("Only for reading CFS files from 3.x indexes.")]
        public override IndexInput OpenFullSlice() => new ByteArrayIndexInput(name, bytes, 0, bytes.Length);

        protected override void Dispose(bool disposing)
        {
        }
    }
}

/// <summary>Reads a slice of a byte array; clones share the array and keep their own position. Big-endian, as Lucene writes.</summary>
internal sealed class ByteArrayIndexInput : IndexInput
{
    private readonly byte[] _bytes;
    private readonly int _offset;
    private readonly int _length;
    private readonly int _end;
    private int _position;

    public ByteArrayIndexInput(string description, byte[] bytes, int offset, int length) : base(description)
    {
        _bytes = bytes;
        _offset = offset;
        _length = length;
        _end = offset + length;
        _position = offset;
    }

    public override long Position => _position - _offset;

    public override long Length => _length;

    public override void Seek(long pos)
    {
        if (pos < 0 || pos > _length) throw new EndOfStreamException($"Seek to {pos} past the end ({_length}) of {this}");
        _position = _offset + (int)pos;
    }

    public override byte ReadByte()
    {
        if (_position >= _end) throw new EndOfStreamException($"Read past the end of {this}");
        return _bytes[_position++];
    }

    public override void ReadBytes(byte[] b, int off, int len)
    {
        if (len > _end - _position) throw new EndOfStreamException($"Read past the end of {this}");
        Buffer.BlockCopy(_bytes, _position, b, off, len);
        _position += len;
    }

    public override short ReadInt16() => BinaryPrimitives.ReadInt16BigEndian(Take(2));

    public override int ReadInt32() => BinaryPrimitives.ReadInt32BigEndian(Take(4));

    public override long ReadInt64() => BinaryPrimitives.ReadInt64BigEndian(Take(8));

    public override int ReadVInt32()
    {
        // The common one-byte case without the loop; longer ones as DataInput reads them.
        if (_position < _end && _bytes[_position] < 0x80) return _bytes[_position++];
        return base.ReadVInt32();
    }

    private ReadOnlySpan<byte> Take(int n)
    {
        if (n > _end - _position) throw new EndOfStreamException($"Read past the end of {this}");
        var span = new ReadOnlySpan<byte>(_bytes, _position, n);
        _position += n;
        return span;
    }

    public override object Clone() => new ByteArrayIndexInput(ToString()!, _bytes, _offset, _length) { _position = _position };

    protected override void Dispose(bool disposing)
    {
    }
}
