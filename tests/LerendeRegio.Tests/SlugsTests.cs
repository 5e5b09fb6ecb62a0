using LerendeRegio.Web.Content;

namespace LerendeRegio.Tests;

public class SlugsTests
{
    [Theory]
    [InlineData("Jeugdhulp gewoon dichtbij!", "jeugdhulp-gewoon-dichtbij")]
    [InlineData("Proeftuin Toekomstbestendig Tweede Exloërmond", "proeftuin-toekomstbestendig-tweede-exloermond")]
    [InlineData("  Één aanspreekpunt — voor  iedereen ", "een-aanspreekpunt-voor-iedereen")]
    [InlineData("Kansen4Kinderen (K4K)", "kansen4kinderen-k4k")]
    public void From_folds_accents_and_joins_words_with_single_dashes(string text, string expected) =>
        Assert.Equal(expected, Slugs.From(text));

    [Theory]
    [InlineData("mentor4you", true)]
    [InlineData("a-b-c", true)]
    [InlineData("-a", false)]
    [InlineData("a--b", false)]
    [InlineData("Hoofdletter", false)]
    [InlineData("met spatie", false)]
    [InlineData("", false)]
    public void IsValid_accepts_only_lower_case_words_joined_by_dashes(string slug, bool valid) =>
        Assert.Equal(valid, Slugs.IsValid(slug));

    [Fact]
    public void ContentIds_are_26_characters_and_unique()
    {
        var ids = Enumerable.Range(0, 1000).Select(_ => ContentIds.New()).ToList();
        Assert.All(ids, id => Assert.Equal(26, id.Length));
        Assert.Equal(ids.Count, ids.Distinct().Count());
    }
}
