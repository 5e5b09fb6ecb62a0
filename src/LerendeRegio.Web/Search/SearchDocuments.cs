using System.Text;
using System.Text.Json.Nodes;
using LerendeRegio.Web.Content;
using LerendeRegio.Web.Site;
using LerendeRegio.Web.Vocabularies;
using Lucene.Net.Documents;
using Lucene.Net.Util;

namespace LerendeRegio.Web.Search;

/// <summary>The index's field names and how a published content item becomes a Lucene document.</summary>
public static class SearchDocuments
{
    public const string Id = "id";
    public const string Type = "type";
    public const string Title = "title";
    public const string Summary = "summary";
    public const string Body = "body";
    /// <summary>Names (and synonyms) of the item's vocabulary terms, so "Emmen" finds items of the gemeente Emmen.</summary>
    public const string TermNames = "terms";
    public const string Url = "url";
    public const string Published = "published";
    public const string TermPrefix = "t_";

    public static readonly string[] TextFields = [Title, Summary, TermNames, Body];

    /// <summary>Field weights: title above summary above body (BM25 per field, then weighted).</summary>
    public static readonly IReadOnlyDictionary<string, float> Boosts = new Dictionary<string, float>
    {
        [Title] = 4f, [Summary] = 2f, [TermNames] = 0.8f, [Body] = 1f,
    };

    public static string TermField(string vocabulary) => TermPrefix + vocabulary;

    /// <summary>The searchable text of an item besides title and summary: its text and markdown fields, also in lists.</summary>
    public static string BodyText(ContentItem item, ContentTypeDefinition type)
    {
        var body = new StringBuilder();
        void Walk(IEnumerable<ContentFieldDefinition> fields, JsonObject values)
        {
            foreach (var f in fields)
            {
                var value = values[f.Name];
                switch (f.Kind)
                {
                    case FieldKind.Text when f.Name != type.SummaryField:
                        if (value is JsonValue t && t.TryGetValue<string>(out var text)) body.AppendLine(text);
                        break;
                    case FieldKind.Markdown:
                        if (value is JsonValue m && m.TryGetValue<string>(out var markdown)) body.AppendLine(MarkdownRenderer.ToPlainText(markdown));
                        break;
                    case FieldKind.List when f.Fields is not null && value is JsonArray rows:
                        foreach (var row in rows.OfType<JsonObject>()) Walk(f.Fields, row);
                        break;
                }
            }
        }
        Walk(type.Fields, item.Fields);
        return body.ToString();
    }

    public static Document Create(ContentItem item, ContentTypeDefinition type, IReadOnlyList<Vocabulary> vocabularies)
    {
        var doc = new Document
        {
            new StringField(Id, item.ContentItemId, Field.Store.YES),
            new StringField(Type, item.ContentType, Field.Store.YES),
            new SortedSetDocValuesField(Type, new BytesRef(item.ContentType)),
            new StoredField(Url, SiteUrls.Item(type, item.Slug)),
            new Int64Field(Published, (item.PublishedUtc ?? item.CreatedUtc).Ticks, Field.Store.YES),
            new NumericDocValuesField(Published, (item.PublishedUtc ?? item.CreatedUtc).Ticks),
        };
        var summary = item.Text(type.SummaryField);

        var termNames = new StringBuilder();
        foreach (var (vocabulary, termId) in ContentManager.CollectTerms(type.Fields, item.Fields, "").Select(t => (t.Vocabulary, t.Term)).Distinct())
        {
            doc.Add(new StringField(TermField(vocabulary), termId, Field.Store.NO));
            doc.Add(new SortedSetDocValuesField(TermField(vocabulary), new BytesRef(termId)));
            var term = vocabularies.FirstOrDefault(v => v.Name == vocabulary)?.Terms.FirstOrDefault(t => t.Id == termId);
            if (term is not null) termNames.Append(term.DisplayName).Append(". ").AppendJoin(". ", term.SynonymList).Append(". ");
        }
        AddText(doc, item.DisplayText, summary, termNames.ToString(), BodyText(item, type));
        return doc;
    }

    /// <summary>
    /// The text fields. Title and summary are stored for the hit list; the body is indexed, not stored: loading stored
    /// text was most of a search's time, and snippets take the text from the read cache (BodyText of the published item).
    /// </summary>
    public static void AddText(Document doc, string title, string? summary, string termNames, string body)
    {
        doc.Add(new TextField(Title, title, Field.Store.YES));
        if (summary is not null) doc.Add(new TextField(Summary, summary, Field.Store.YES));
        doc.Add(new TextField(Body, body, Field.Store.NO));
        doc.Add(new TextField(TermNames, termNames, Field.Store.NO));
    }
}
