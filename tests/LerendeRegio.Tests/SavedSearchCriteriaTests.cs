using LerendeRegio.Web.Content;
using LerendeRegio.Web.Newsletter;
using LerendeRegio.Web.Search;
using LerendeRegio.Web.Vocabularies;

namespace LerendeRegio.Tests;

public sealed class SavedSearchCriteriaTests
{
    private static readonly SavedSearchVocabulary Words = new(
        [
            new Vocabulary
            {
                Name = "gemeente", DisplayName = "Gemeente", PluralDisplayName = "Gemeenten",
                Terms = [new Term { VocabularyName = "gemeente", Id = "emmen", DisplayName = "Emmen" }, new Term { VocabularyName = "gemeente", Id = "coevorden", DisplayName = "Coevorden" }],
            },
            new Vocabulary
            {
                Name = "thema", DisplayName = "Thema", PluralDisplayName = "Thema's",
                Terms = [new Term { VocabularyName = "thema", Id = "kansen-voor-kinderen", DisplayName = "Kansen voor kinderen" }],
            },
        ],
        new Dictionary<string, ContentTypeDefinition>
        {
            ["SchoolPractice"] = new() { Name = "SchoolPractice", DisplayName = "Schoolpraktijk", PluralDisplayName = "Schoolpraktijken", RoutePrefix = "schoolpraktijken" },
        });

    [Fact]
    public void A_search_is_kept_without_paging_and_sorting_with_its_filters_in_one_order()
    {
        var a = SavedSearchCriteria.FromQueryString("soort=SchoolPractice&q=+ouders+&gemeente=emmen&pagina=3&sortering=datum&per=20&gemeente=coevorden");
        var b = SavedSearchCriteria.FromQueryString("q=ouders&gemeente=coevorden&gemeente=emmen&soort=SchoolPractice");
        Assert.Equal("ouders", a.Text);
        Assert.Equal("gemeente=coevorden&gemeente=emmen&soort=SchoolPractice", a.Filters);
        Assert.Equal(b.Key, a.Key);
        Assert.Equal("/zoeken?q=ouders&gemeente=coevorden&gemeente=emmen&soort=SchoolPractice", a.SitePath());
        Assert.Equal("/zoeken?q=ouders&gemeente=coevorden&gemeente=emmen&soort=SchoolPractice&sortering=datum", a.SitePath(newestFirst: true));
        var request = a.ToRequest();
        Assert.Equal(["coevorden", "emmen"], request.Filters["gemeente"]);
        Assert.Equal(["SchoolPractice"], request.Types);
    }

    [Theory]
    [InlineData("q=%22samen+werken%22+-koffie&thema=kansen-voor-kinderen", "/zoeken?q=%22samen%20werken%22%20-koffie&thema=kansen-voor-kinderen")]
    [InlineData("q=caf%C3%A9+%26+zo", "/zoeken?q=caf%C3%A9%20%26%20zo")]
    public void Phrases_exclusions_and_special_characters_survive_the_round_trip(string query, string path)
    {
        var criteria = SavedSearchCriteria.FromQueryString(query);
        Assert.Equal(path, criteria.SitePath());
        Assert.Equal(criteria, SavedSearchCriteria.FromQueryString(criteria.QueryString));
    }

    [Fact]
    public void What_the_search_page_refuses_is_refused_here_too()
    {
        Assert.Throws<SearchInputException>(() => SavedSearchCriteria.FromQueryString("q=" + new string('a', 501)));
        Assert.Throws<SearchInputException>(() => SavedSearchCriteria.FromQueryString(string.Join('&', Enumerable.Range(0, 21).Select(i => $"gemeente=g{i}"))));
        Assert.Contains("geen bekende waarde van gemeente", Words.Problem(SavedSearchCriteria.FromQueryString("gemeente=atlantis")));
        Assert.Contains("geen soort inhoud", Words.Problem(SavedSearchCriteria.FromQueryString("q=x&soort=Nieuws")));
        Assert.Contains("kun je niet filteren", Words.Problem(SavedSearchCriteria.FromQueryString("q=x&planeet=mars")));
        Assert.Contains("lege zoekopdracht", Words.Problem(SavedSearchCriteria.FromQueryString("q=de+het+-school")));
        Assert.Null(Words.Problem(SavedSearchCriteria.FromQueryString("gemeente=emmen")));
    }

    [Fact]
    public void Names_and_descriptions_use_the_names_of_terms_and_types()
    {
        var criteria = SavedSearchCriteria.FromQueryString("q=ouderbetrokkenheid&soort=SchoolPractice&thema=kansen-voor-kinderen&gemeente=emmen");
        // Facet order: thema before gemeente, as on /zoeken.
        Assert.Equal("ouderbetrokkenheid · Kansen voor kinderen · Emmen · Schoolpraktijken", Words.DefaultName(criteria));
        Assert.Equal("‘ouderbetrokkenheid’ · Thema: Kansen voor kinderen · Gemeente: Emmen · Soort: Schoolpraktijken", Words.Describe(criteria));
        var long_ = SavedSearchCriteria.FromQueryString("q=" + string.Join('+', Enumerable.Repeat("woord", 40)));
        Assert.True(Words.DefaultName(long_).Length <= SavedSearch.MaxNameLength);
        Assert.EndsWith("…", Words.DefaultName(long_), StringComparison.Ordinal);
    }
}
