using System.Text.Encodings.Web;
using System.Text.Json.Nodes;
using LerendeRegio.Web.Content;
using LerendeRegio.Web.Site;
using LerendeRegio.Web.Vocabularies;
using Microsoft.AspNetCore.Html;
using Microsoft.Extensions.Caching.Memory;

namespace LerendeRegio.Tests;

public class ContentHtmlTests
{
    private static readonly ContentHtml Html = new(new MarkdownRenderer(new MemoryCache(new MemoryCacheOptions { SizeLimit = 1_000_000 })));
    private static readonly DisplayLookup Lookup = new([], new Dictionary<string, ContentSummary>());

    private static string Write(IHtmlContent content)
    {
        using var writer = new StringWriter();
        content.WriteTo(writer, HtmlEncoder.Create(System.Text.Unicode.UnicodeRanges.All)); // as the site configures it
        return writer.ToString();
    }

    private static string Field(FieldKind kind, string json, IReadOnlyList<ContentFieldDefinition>? sub = null) =>
        Write(Html.Field(new FieldView(new ContentFieldDefinition { Name = "x", DisplayName = "X", Kind = kind, Fields = sub }, JsonNode.Parse(json), Lookup)));

    [Fact]
    public void Text_is_encoded()
    {
        var html = Field(FieldKind.Text, "\"<b>vet</b> & \\\"quotes\\\"\"");
        Assert.Equal("<p>&lt;b&gt;vet&lt;/b&gt; &amp; &quot;quotes&quot;</p>", html);
    }

    [Fact]
    public void A_link_cannot_break_out_of_its_attribute()
    {
        var html = Field(FieldKind.Link, """{"url":"https://a.nl/\" onmouseover=\"alert(1)","text":"<i>x</i>"}""");
        Assert.DoesNotContain("\" onmouseover", html, StringComparison.Ordinal);
        Assert.Contains("&lt;i&gt;x&lt;/i&gt;", html, StringComparison.Ordinal);
    }

    [Fact]
    public void List_entries_render_their_sub_fields_as_a_definition_list()
    {
        var html = Field(FieldKind.List, """[{"tranche":3,"bedrag":250000}]""",
            [new() { Name = "tranche", DisplayName = "Tranche", Kind = FieldKind.Number }, new() { Name = "bedrag", DisplayName = "Bedrag (€)", Kind = FieldKind.Number }]);
        Assert.Contains("<dt>Tranche</dt><dd><p>3</p></dd>", html, StringComparison.Ordinal);
        Assert.Contains("<dt>Bedrag (€)</dt><dd><p>€ 250.000</p></dd>", html.Replace('\u00a0', ' '), StringComparison.Ordinal);
    }

    [Fact]
    public void A_card_encodes_title_and_summary()
    {
        var header = new ContentHeader(1, "a", "LessonLearned", "<script>x</script>", "a", null, "Samen & sterk");
        var html = Write(ContentHtml.Card(new ContentSummary(header, "Geleerde les", "/lessen/a", [])));
        Assert.Contains("&lt;script&gt;x&lt;/script&gt;", html, StringComparison.Ordinal);
        Assert.Contains("<p>Samen &amp; sterk</p>", html, StringComparison.Ordinal);
    }

    [Fact]
    public void Unknown_terms_are_left_out_rather_than_shown_as_ids()
    {
        var vocabulary = new Vocabulary { Name = "pijler", DisplayName = "Pijler", PluralDisplayName = "Pijlers", Terms = [new() { VocabularyName = "pijler", Id = "werken", DisplayName = "Werken" }] };
        var view = new FieldView(new ContentFieldDefinition { Name = "p", DisplayName = "P", Kind = FieldKind.Taxonomy, Vocabulary = "pijler" },
            JsonNode.Parse("""["werken","weg"]"""), new DisplayLookup([vocabulary], new Dictionary<string, ContentSummary>()));
        Assert.Equal("<ul class=\"chips\"><li><a class=\"chip\" href=\"/onderwerpen/pijler/werken\">Werken</a></li></ul>", Write(Html.Field(view)));
    }
}
