using LerendeRegio.Web.Search;

namespace LerendeRegio.Tests;

public class SearchAnalysisTests
{
    private static readonly DutchAnalyzer Index = new(decompound: true);
    private static readonly DutchAnalyzer Query = new(decompound: false);

    /// <summary>A query word matches an indexed text when its single query token is among the text's index tokens.</summary>
    private static bool Finds(string query, string text) => Query.Tokens(query) is [var token] && Index.Tokens(text).Contains(token);

    [Theory]
    [InlineData("school", "basisscholen")]
    [InlineData("basisschool", "basisscholen")]
    [InlineData("jeugdhulp", "jeugdhulpverlening")]
    [InlineData("huis", "huizen")]
    [InlineData("nieuwsbrief", "nieuwsbrieven")]
    [InlineData("kansencoach", "kansencoaches")]
    [InlineData("interventie", "interventies")]
    [InlineData("exloërmond", "Exloermond")]
    [InlineData("Exloermond", "Exloërmond")]
    [InlineData("schuld", "schulden")]
    [InlineData("gemeente", "gemeenten")]
    [InlineData("kind", "kinderen")]
    [InlineData("coach", "energiecoaches")]
    [InlineData("ouder", "ouderbetrokkenheid")]
    public void A_word_finds_its_plurals_compounds_and_accented_forms(string query, string text) =>
        Assert.True(Finds(query, text), $"'{query}' → [{string.Join(", ", Query.Tokens(query))}] not in [{string.Join(", ", Index.Tokens(text))}]");

    [Theory]
    [InlineData("hulp", "jeugdhulpverlening")]
    public void Queries_are_not_decompounded(string query, string text)
    {
        // The index splits compounds, so "hulp" finds "jeugdhulpverlening"; the query itself stays whole,
        // so "jeugdhulpverlening" does not turn into a search for every text with "hulp".
        Assert.True(Finds(query, text));
        Assert.Equal(["jeugdhulpverlen"], Query.Tokens("jeugdhulpverlening"));
    }

    [Fact]
    public void Stop_words_are_dropped() => Assert.Equal(["kind", "schol"], Query.Tokens("de kinderen op de school"));

    [Theory]
    [InlineData("\"kansencoach op school", new[] { "kansencoach op school" }, new string[0])]
    [InlineData("(ouders AND school", new string[0], new[] { "ouders", "AND", "school" })]
    [InlineData("*:*", new string[0], new string[0])]
    [InlineData("mentor -vrijwillig", new string[0], new[] { "mentor" })]
    [InlineData("a\u0000b\u0007c", new string[0], new[] { "a", "b", "c" })]
    public void Any_text_parses_without_an_error(string text, string[] phrases, string[] words)
    {
        var parsed = ParsedQuery.Parse(text);
        Assert.Equal(phrases, parsed.Phrases);
        Assert.Equal(words, parsed.Words);
    }

    [Fact]
    public void Excluded_words_are_kept_apart() => Assert.Equal(["vrijwillig"], ParsedQuery.Parse("mentor -vrijwillig").Excluded);

    [Fact]
    public void A_snippet_escapes_the_text_and_marks_only_the_matches()
    {
        var body = "Inleiding. <script>alert('x')</script> Op de basisscholen werkt een kansencoach met ouders & kinderen.";
        var snippet = SearchService.Snippet(body, null, Query.Tokens("kansencoach school").ToHashSet());
        Assert.Contains("&lt;script&gt;", snippet, StringComparison.Ordinal);
        Assert.DoesNotContain("<script>", snippet, StringComparison.Ordinal);
        Assert.Contains("<mark>kansencoach</mark>", snippet, StringComparison.Ordinal);
        Assert.Contains("<mark>basisscholen</mark>", snippet, StringComparison.Ordinal);
        Assert.Contains("&amp; kinderen", snippet, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("kansencoatch", "kansencoach", 1)]
    [InlineData("ouderbetrokenheid", "ouderbetrokkenheid", 1)]
    [InlineData("shculden", "schulden", 1)]
    [InlineData("mentor", "mentor", 0)]
    public void Edit_distance_counts_typos_and_swaps(string a, string b, int distance) =>
        Assert.Equal(distance, SearchService.EditDistance(a, b, 2));
}

/// <summary>
/// CompoundPartFilter replaced Lucene's DictionaryCompoundWordTokenFilter for speed; the index must not notice. Both run
/// in the full index chain over every seeded text plus made-up compounds, and every token must agree: text, position
/// increment, offsets, type and keyword flag (a part must be stemmed even when the later override filter marked its
/// word as a keyword).
/// </summary>
public class CompoundPartFilterTests
{
    private sealed class Chain(bool lucene) : Lucene.Net.Analysis.Analyzer
    {
        private static readonly Lucene.Net.Analysis.Util.CharArraySet Dictionary = new(DutchAnalyzer.Version, DutchAnalyzer.CompoundParts.ToList(), ignoreCase: true);
        private static readonly PartTrie Trie = new(DutchAnalyzer.CompoundParts);

        protected override Lucene.Net.Analysis.TokenStreamComponents CreateComponents(string fieldName, TextReader reader)
        {
            var source = new Lucene.Net.Analysis.Standard.StandardTokenizer(DutchAnalyzer.Version, reader);
            Lucene.Net.Analysis.TokenStream stream = new Lucene.Net.Analysis.Core.LowerCaseFilter(DutchAnalyzer.Version, source);
            stream = new Lucene.Net.Analysis.Miscellaneous.ASCIIFoldingFilter(stream);
            stream = new Lucene.Net.Analysis.Core.StopFilter(DutchAnalyzer.Version, stream, Lucene.Net.Analysis.Nl.DutchAnalyzer.DefaultStopSet);
            stream = lucene
                ? new Lucene.Net.Analysis.Compound.DictionaryCompoundWordTokenFilter(DutchAnalyzer.Version, stream, Dictionary, minWordSize: 7, minSubwordSize: 3, maxSubwordSize: 15, onlyLongestMatch: false)
                : new CompoundPartFilter(stream, Trie);
            var overrides = new Lucene.Net.Analysis.Miscellaneous.StemmerOverrideFilter.Builder(ignoreCase: true);
            foreach (var (word, stem) in DutchAnalyzer.Irregular) overrides.Add(word, stem);
            stream = new Lucene.Net.Analysis.Miscellaneous.StemmerOverrideFilter(stream, overrides.Build());
            stream = new DutchPluralFilter(stream);
            stream = new Lucene.Net.Analysis.Snowball.SnowballFilter(stream, new Lucene.Net.Tartarus.Snowball.Ext.DutchStemmer());
            stream = new VowelUndoublingFilter(stream);
            return new Lucene.Net.Analysis.TokenStreamComponents(source, stream);
        }
    }

    private static List<string> Tokens(Lucene.Net.Analysis.Analyzer analyzer, string text)
    {
        var tokens = new List<string>();
        using var stream = analyzer.GetTokenStream("body", text);
        var term = stream.AddAttribute<Lucene.Net.Analysis.TokenAttributes.ICharTermAttribute>();
        var position = stream.AddAttribute<Lucene.Net.Analysis.TokenAttributes.IPositionIncrementAttribute>();
        var offset = stream.AddAttribute<Lucene.Net.Analysis.TokenAttributes.IOffsetAttribute>();
        var type = stream.AddAttribute<Lucene.Net.Analysis.TokenAttributes.ITypeAttribute>();
        var keyword = stream.AddAttribute<Lucene.Net.Analysis.TokenAttributes.IKeywordAttribute>();
        stream.Reset();
        while (stream.IncrementToken()) tokens.Add($"{term}|{position.PositionIncrement}|{offset.StartOffset}-{offset.EndOffset}|{type.Type}|{keyword.IsKeyword}");
        stream.End();
        return tokens;
    }

    [Fact]
    public void Gives_the_tokens_of_Lucenes_dictionary_compound_filter()
    {
        var parts = DutchAnalyzer.CompoundParts;
        var made = parts.SelectMany((a, i) => parts.Skip(i % 7).Take(12).Select(b => a + b))
            .Concat(parts.Select(p => "over" + p + "en")).Concat(parts.Select(p => "Ë" + p.ToUpperInvariant() + "ë"))
            .Concat(["kinderen", "gezinscoaches", "jeugdhulpverleningsprojecten", "schuldhulpmaatjes", "energiecoach-huurders", "basisschool2026", "abc", "zorgzorgzorgzorgzorgzorg"]);
        var seeded = Directory.EnumerateFiles(RepositoryPaths.ContentSeed, "*.json", SearchOption.AllDirectories).Select(File.ReadAllText);
        var text = string.Join(" ", seeded.Prepend(string.Join(" ", made)));
        var expected = Tokens(new Chain(lucene: true), text);
        var actual = Tokens(new Chain(lucene: false), text);
        Assert.True(expected.Count(t => t.Contains("|0|", StringComparison.Ordinal)) > 1000, "the text should have many compounds");
        Assert.Equal(expected.Count, actual.Count);
        for (var i = 0; i < expected.Count; i++) Assert.True(expected[i] == actual[i], $"token {i}: Lucene {expected[i]}, ours {actual[i]}");
    }

    [Fact]
    public void Finds_every_part_at_every_start()
    {
        var found = new List<(int Start, int Length)>();
        new PartTrie(["basis", "school", "scholen", "sch"]).FindParts("basisscholen", found);
        Assert.Equal([(0, 5), (5, 3), (5, 7)], found);
    }
}
