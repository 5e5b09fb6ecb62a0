using Lucene.Net.Analysis;
using Lucene.Net.Analysis.TokenAttributes;

namespace LerendeRegio.Web.Search;

/// <summary>
/// Adds the dictionary parts of a long word after the word itself, at the same position ("basisscholen" → basisscholen,
/// basis, school, scholen): the tokens of Lucene's DictionaryCompoundWordTokenFilter (every part of 3 to 15 letters at
/// every start, the word itself too when it is in the dictionary; onlyLongestMatch off; the word's offsets), found
/// faster. That filter hashed every substring of every long word and cloned all attributes of each word with parts;
/// together about a third of indexing time. This one walks a trie of the parts from each letter (it stops at the first
/// letter no part continues with) and makes a part with ClearAttributes, which gives what restoring the word's state
/// before the later filters gave: position increment 0, not a keyword, the word's type and offsets.
/// Expects lower-case input (it runs after lower-casing and accent folding).
/// </summary>
public sealed class CompoundPartFilter : TokenFilter
{
    public const int MinWordSize = 7;
    public const int MinPartSize = 3;
    public const int MaxPartSize = 15;

    private readonly PartTrie _parts;
    private readonly ICharTermAttribute _term;
    private readonly IOffsetAttribute _offset;
    private readonly IPositionIncrementAttribute _position;
    private readonly ITypeAttribute _type;
    private char[] _word = new char[32];
    private readonly List<(int Start, int Length)> _pending = [];
    private int _next;
    private int _startOffset;
    private int _endOffset;
    private string _wordType = TypeAttribute.DEFAULT_TYPE;

    public CompoundPartFilter(TokenStream input, PartTrie parts) : base(input)
    {
        _parts = parts;
        _term = AddAttribute<ICharTermAttribute>();
        _offset = AddAttribute<IOffsetAttribute>();
        _position = AddAttribute<IPositionIncrementAttribute>();
        _type = AddAttribute<ITypeAttribute>();
    }

    public override bool IncrementToken()
    {
        if (_next < _pending.Count)
        {
            var (start, length) = _pending[_next++];
            ClearAttributes();
            _term.CopyBuffer(_word, start, length);
            _position.PositionIncrement = 0;
            _offset.SetOffset(_startOffset, _endOffset);
            _type.Type = _wordType;
            return true;
        }
        _pending.Clear();
        _next = 0;
        if (!m_input.IncrementToken()) return false;
        var n = _term.Length;
        if (n >= MinWordSize && _parts.FindParts(new ReadOnlySpan<char>(_term.Buffer, 0, n), _pending) > 0)
        {
            if (_word.Length < n) _word = new char[Math.Max(n, _word.Length * 2)];
            Array.Copy(_term.Buffer, _word, n);
            _startOffset = _offset.StartOffset;
            _endOffset = _offset.EndOffset;
            _wordType = _type.Type;
        }
        return true;
    }

    public override void Reset()
    {
        base.Reset();
        _pending.Clear();
        _next = 0;
    }
}

/// <summary>The parts a <see cref="CompoundPartFilter"/> looks for, as a trie over a–z (a part with another letter never matches).</summary>
public sealed class PartTrie
{
    // Node i's child for letter c is _children[i * 26 + c - 'a'] (0: none; node 0 is the root, never a child).
    private readonly int[] _children;
    private readonly bool[] _isPart;

    public PartTrie(IEnumerable<string> parts)
    {
        var children = new List<int>();
        var isPart = new List<bool>();
        int NewNode()
        {
            children.AddRange(Enumerable.Repeat(0, 26));
            isPart.Add(false);
            return isPart.Count - 1;
        }
        NewNode();
        foreach (var part in parts.Select(p => p.ToLowerInvariant()).Where(p => p.Length is >= CompoundPartFilter.MinPartSize and <= CompoundPartFilter.MaxPartSize))
        {
            if (part.Any(c => c is < 'a' or > 'z')) throw new ArgumentException($"A compound part must be made of the letters a to z: '{part}'.", nameof(parts));
            var node = 0;
            foreach (var c in part)
            {
                var slot = node * 26 + c - 'a';
                if (children[slot] == 0) children[slot] = NewNode();
                node = children[slot];
            }
            isPart[node] = true;
        }
        _children = [.. children];
        _isPart = [.. isPart];
    }

    /// <summary>Adds every (start, length) of <paramref name="word"/> that is a part, by start and then length; returns how many.</summary>
    public int FindParts(ReadOnlySpan<char> word, List<(int Start, int Length)> found)
    {
        var before = found.Count;
        for (var start = 0; start <= word.Length - CompoundPartFilter.MinPartSize; start++)
        {
            var node = 0;
            for (var i = start; i < word.Length && i - start < CompoundPartFilter.MaxPartSize; i++)
            {
                var c = word[i];
                if (c is < 'a' or > 'z') break;
                node = _children[node * 26 + c - 'a'];
                if (node == 0) break;
                if (_isPart[node] && i - start + 1 >= CompoundPartFilter.MinPartSize) found.Add((start, i - start + 1));
            }
        }
        return found.Count - before;
    }
}
