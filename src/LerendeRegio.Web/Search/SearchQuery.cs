using System.Globalization;
using System.Text;

namespace LerendeRegio.Web.Search;

public enum SearchSort
{
    Relevance,
    Date,
}

/// <summary>What a visitor asked: free text, filters per vocabulary (and content type), paging and sorting.</summary>
public sealed record SearchRequest
{
    public const int MaxQueryLength = 500;
    public const int MaxPageSize = 50;

    public string Text { get; init; } = "";
    public IReadOnlyList<string> Types { get; init; } = [];
    /// <summary>Vocabulary name → chosen term ids; terms of one vocabulary are alternatives.</summary>
    public IReadOnlyDictionary<string, IReadOnlyList<string>> Filters { get; init; } = new Dictionary<string, IReadOnlyList<string>>();
    public int Page { get; init; } = 1;
    public int PageSize { get; init; } = 10;
    public SearchSort Sort { get; init; } = SearchSort.Relevance;
}

/// <summary>The free text of a query, split into words, quoted phrases and excluded words; never throws.</summary>
public sealed record ParsedQuery(IReadOnlyList<string> Words, IReadOnlyList<string> Phrases, IReadOnlyList<string> Excluded)
{
    public bool IsEmpty => Words.Count == 0 && Phrases.Count == 0;

    /// <summary>
    /// Reads what people type, including what a query language would reject: unbalanced quotes (the rest is a phrase),
    /// brackets, lone operators, <c>*:*</c>, control characters. Only letters and digits make words.
    /// </summary>
    public static ParsedQuery Parse(string text)
    {
        var words = new List<string>();
        var phrases = new List<string>();
        var excluded = new List<string>();
        var clean = new string([.. text.Normalize(NormalizationForm.FormC).Select(c => char.IsControl(c) ? ' ' : c)]);
        var parts = clean.Split('"');
        for (var i = 0; i < parts.Length; i++)
        {
            if (i % 2 == 1)
            {
                var phrase = string.Join(' ', SplitWords(parts[i]));
                if (phrase.Contains(' ', StringComparison.Ordinal)) phrases.Add(phrase);
                else if (phrase.Length > 0) words.Add(phrase);
                continue;
            }
            foreach (var raw in parts[i].Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries))
            {
                var exclude = raw.Length > 1 && raw[0] == '-' && char.IsLetterOrDigit(raw[1]);
                var target = exclude ? excluded : words;
                target.AddRange(SplitWords(raw));
            }
        }
        return new(words, phrases, excluded);
    }

    private static IEnumerable<string> SplitWords(string text)
    {
        var word = new StringBuilder();
        foreach (var c in text)
        {
            if (char.IsLetterOrDigit(c)) word.Append(c);
            else if (word.Length > 0) { yield return word.ToString(); word.Clear(); }
        }
        if (word.Length > 0) yield return word.ToString();
    }

    public override string ToString() => string.Join(' ', Words.Concat(Phrases.Select(p => $"\"{p}\"")).Concat(Excluded.Select(e => "-" + e)));
}

public static class Folding
{
    /// <summary>Lower case without accents: "Exloërmond" → "exloermond".</summary>
    public static string Fold(string text)
    {
        var sb = new StringBuilder(text.Length);
        foreach (var c in text.ToLowerInvariant().Normalize(NormalizationForm.FormD))
        {
            if (CharUnicodeInfo.GetUnicodeCategory(c) != UnicodeCategory.NonSpacingMark) sb.Append(c);
        }
        return sb.ToString();
    }
}
