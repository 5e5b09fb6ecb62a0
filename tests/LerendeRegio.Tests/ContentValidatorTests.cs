using System.Text.Json.Nodes;
using LerendeRegio.Web.Content;
using LerendeRegio.Web.Vocabularies;

namespace LerendeRegio.Tests;

public class ContentValidatorTests
{
    private static readonly ContentTypeDefinition Type = new()
    {
        Name = "Intervention",
        DisplayName = "Werkzame interventie",
        PluralDisplayName = "Werkzame interventies",
        RoutePrefix = "interventies",
        Parts =
        [
            new ContentPartDefinition
            {
                Name = "InterventionPart",
                Fields =
                [
                    new() { Name = "samenvatting", DisplayName = "Samenvatting", Kind = FieldKind.Text, Required = true, MaxLength = 300 },
                    new() { Name = "leeftijdVan", DisplayName = "Leeftijd vanaf", Kind = FieldKind.Number, Min = -9, Max = 288 },
                    new() { Name = "datum", DisplayName = "Datum", Kind = FieldKind.Date },
                    new() { Name = "website", DisplayName = "Website", Kind = FieldKind.Link },
                    new() { Name = "pijler", DisplayName = "Pijler", Kind = FieldKind.Taxonomy, Vocabulary = "pijler", Multiple = false },
                    new() { Name = "projecten", DisplayName = "Projecten", Kind = FieldKind.ContentPicker, ContentTypes = ["Project"] },
                    new() { Name = "brin", DisplayName = "BRIN", Kind = FieldKind.Text, Pattern = "^[0-9]{2}[A-Z]{2}$" },
                    new()
                    {
                        Name = "elementen", DisplayName = "Werkzame elementen", Kind = FieldKind.List,
                        Fields = [new() { Name = "element", DisplayName = "Element", Kind = FieldKind.Taxonomy, Vocabulary = "pijler", Required = true, Multiple = false }],
                    },
                    new() { Name = "afbeeldingen", DisplayName = "Afbeeldingen", Kind = FieldKind.Media },
                ],
            },
        ],
    };

    private static readonly Vocabulary Pillars = new()
    {
        Name = "pijler", DisplayName = "Pijler", PluralDisplayName = "Pijlers",
        Terms = [new() { VocabularyName = "pijler", Id = "werken", DisplayName = "Werken" }, new() { VocabularyName = "pijler", Id = "welzijn", DisplayName = "Welzijn" }],
    };

    private static readonly Dictionary<string, string> Items = new() { ["project-a"] = "Project", ["lesson-b"] = "LessonLearned" };

    private static IReadOnlyList<ContentValidationError> Validate(string title, string json) =>
        new ContentValidator([Pillars], id => Items.GetValueOrDefault(id)).Validate(Type, new ContentEdit(title, null, JsonNode.Parse(json)!.AsObject()));

    [Fact]
    public void A_complete_item_is_valid()
    {
        var errors = Validate("Mentor4You", """
            {"samenvatting":"Vrijwilligers begeleiden jongeren.","leeftijdVan":144,"datum":"2021-12-01","website":{"url":"https://example.org"},
             "pijler":["welzijn"],"projecten":["project-a"],"brin":"12AB","elementen":[{"element":["werken"]}],
             "afbeeldingen":[{"mediaId":"0v3k8m2x9q","alt":"Een mentor en een jongere"},{"mediaId":"1a2b3c"}]}
            """);
        Assert.Empty(errors);
    }

    [Theory]
    [InlineData("{}", "samenvatting", "Samenvatting is verplicht.")]
    [InlineData("""{"samenvatting":"x","leeftijdVan":300}""", "leeftijdVan", "Leeftijd vanaf moet tussen -9 en 288 liggen.")]
    [InlineData("""{"samenvatting":"x","leeftijdVan":"twaalf"}""", "leeftijdVan", "Leeftijd vanaf moet een getal zijn.")]
    [InlineData("""{"samenvatting":"x","datum":"1-12-2021"}""", "datum", "Datum moet een datum zijn in de vorm jjjj-mm-dd.")]
    [InlineData("""{"samenvatting":"x","website":{"url":"javascript:alert(1)"}}""", "website", "Website moet een webadres zijn dat begint met http:// of https://.")]
    [InlineData("""{"samenvatting":"x","pijler":["wonen"]}""", "pijler", "'wonen' is geen term van Pijler.")]
    [InlineData("""{"samenvatting":"x","pijler":["werken","welzijn"]}""", "pijler", "Kies bij Pijler één term.")]
    [InlineData("""{"samenvatting":"x","projecten":["project-z"]}""", "projecten", "Projecten: item 'project-z' bestaat niet.")]
    [InlineData("""{"samenvatting":"x","projecten":["lesson-b"]}""", "projecten", "Projecten: item 'lesson-b' is van een soort die hier niet past.")]
    [InlineData("""{"samenvatting":"x","brin":"AB12"}""", "brin", "BRIN heeft niet de juiste vorm.")]
    [InlineData("""{"samenvatting":"x","elementen":[{}]}""", "elementen[0].element", "Element is verplicht.")]
    [InlineData("""{"samenvatting":"x","afbeeldingen":[{"path":"/a.jpg","alt":"Foto"}]}""", "afbeeldingen", "Afbeeldingen: elke afbeelding heeft een bestand nodig.")]
    [InlineData("""{"samenvatting":"x","afbeeldingen":[{"mediaId":"0v3k8m2x9q","alt":3}]}""", "afbeeldingen", "Afbeeldingen: de alt-tekst moet tekst zijn van hoogstens 1000 tekens.")]
    [InlineData("""{"samenvatting":"x","onbekend":1}""", "onbekend", "'onbekend' is geen veld van Werkzame interventie.")]
    public void Problems_are_reported_in_Dutch_per_field(string json, string field, string message)
    {
        var errors = Validate("Titel", json);
        Assert.Contains(errors, e => e.Field == field && e.Message == message);
    }

    [Fact]
    public void Too_long_summary_names_the_length()
    {
        var errors = Validate("Titel", $$"""{"samenvatting":"{{new string('a', 301)}}"}""");
        Assert.Equal("Samenvatting mag hoogstens 300 tekens hebben (nu 301).", Assert.Single(errors).Message);
    }

    [Fact]
    public void Title_is_required() =>
        Assert.Contains(Validate(" ", """{"samenvatting":"x"}"""), e => e.Field == "title" && e.Message == "Titel is verplicht.");

    [Fact]
    public void Control_characters_are_refused() =>
        Assert.Contains(Validate("T", "{\"samenvatting\":\"a\\u0000b\"}"), e => e.Field == "samenvatting");
}
