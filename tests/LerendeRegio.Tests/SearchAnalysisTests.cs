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
