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

    public static Document Create(ContentItem item, ContentTypeDefinition type, IReadOnlyList<Vocabulary> vocabularies)
    {
        var doc = new Document
        {
            new StringField(Id, item.ContentItemId, Field.Store.YES),
            new StringField(Type, item.ContentType, Field.Store.YES),
            new SortedSetDocValuesField(Type, new BytesRef(item.ContentType)),
            new TextField(Title, item.DisplayText, Field.Store.YES),
            new StoredField(Url, SiteUrls.Item(type, item.Slug)),
            new Int64Field(Published, (item.PublishedUtc ?? item.CreatedUtc).Ticks, Field.Store.YES),
            new NumericDocValuesField(Published, (item.PublishedUtc ?? item.CreatedUtc).Ticks),
        };
        if (item.Text(type.SummaryField) is { } summary) doc.Add(new TextField(Summary, summary, Field.Store.YES));

        var body = new StringBuilder();
        var termNames = new StringBuilder();
        var seenTerms = new HashSet<(string, string)>();
        void AddTerm(string vocabulary, string termId)
        {
            if (!seenTerms.Add((vocabulary, termId))) return;
            doc.Add(new StringField(TermField(vocabulary), termId, Field.Store.NO));
            doc.Add(new SortedSetDocValuesField(TermField(vocabulary), new BytesRef(termId)));
            var term = vocabularies.FirstOrDefault(v => v.Name == vocabulary)?.Terms.FirstOrDefault(t => t.Id == termId);
            if (term is not null) termNames.Append(term.DisplayName).Append(". ").AppendJoin(". ", term.SynonymList).Append(". ");
        }
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
                    case FieldKind.Taxonomy when f.Vocabulary is not null:
                        foreach (var id in ContentValues.Strings(value)) AddTerm(f.Vocabulary, id);
                        break;
                    case FieldKind.List when f.Fields is not null && value is JsonArray rows:
                        foreach (var row in rows.OfType<JsonObject>()) Walk(f.Fields, row);
                        break;
                }
            }
        }
        Walk(type.Fields, item.Fields);
        doc.Add(new TextField(Body, body.ToString(), Field.Store.YES));
        doc.Add(new TextField(TermNames, termNames.ToString(), Field.Store.YES));
        return doc;
    }
}
