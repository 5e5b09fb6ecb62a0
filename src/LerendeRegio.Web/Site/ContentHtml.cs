using System.Text.Json.Nodes;
using LerendeRegio.Web.Content;
using LerendeRegio.Web.Media;
using Microsoft.AspNetCore.Html;

namespace LerendeRegio.Web.Site;

/// <summary>
/// Writes field values and cards as HTML. Plain C# rather than partial views: a detail page shows dozens of fields,
/// and a partial per field cost more than the database read (see docs/benchmarks.md). Text goes through
/// <see cref="HtmlContentBuilder.Append(string)"/>, which encodes it; only markdown output (sanitised) is raw.
/// </summary>
public sealed class ContentHtml(MarkdownRenderer markdown)
{
    public IHtmlContent Field(FieldView view)
    {
        var html = new HtmlContentBuilder();
        WriteField(html, view);
        return html;
    }

    public static IHtmlContent Card(ContentSummary card)
    {
        var html = new HtmlContentBuilder();
        html.AppendHtml("<li class=\"card\"><span class=\"card__type\">").Append(card.TypeDisplayName)
            .AppendHtml("</span><h3><a href=\"").Append(card.Url).AppendHtml("\">").Append(card.Item.DisplayText).AppendHtml("</a></h3>");
        if (card.Summary is { } summary) html.AppendHtml("<p>").Append(summary).AppendHtml("</p>");
        if (card.Facts.Count > 0)
        {
            html.AppendHtml("<ul class=\"chips\" aria-label=\"Kenmerken\">");
            foreach (var fact in card.Facts.Take(4)) html.AppendHtml("<li><span class=\"chip\">").Append(fact.DisplayName).AppendHtml("</span></li>");
            html.AppendHtml("</ul>");
        }
        return html.AppendHtml("</li>");
    }

    private void WriteField(HtmlContentBuilder html, FieldView view)
    {
        var f = view.Field;
        switch (f.Kind)
        {
            case FieldKind.Markdown:
                html.AppendHtml(markdown.Render(view.Text, view.HeadingLevel));
                break;
            case FieldKind.Text:
                html.AppendHtml("<p>").Append(view.Text ?? "").AppendHtml("</p>");
                break;
            case FieldKind.Number:
                html.AppendHtml("<p>").Append(view.FormatNumber()).AppendHtml("</p>");
                break;
            case FieldKind.Date:
                html.AppendHtml("<p>").Append(view.FormatDate()).AppendHtml("</p>");
                break;
            case FieldKind.Boolean:
                html.AppendHtml("<p>").Append(view.Value is JsonValue b && b.TryGetValue<bool>(out var yes) && yes ? "Ja" : "Nee").AppendHtml("</p>");
                break;
            case FieldKind.Link:
                var url = (string?)view.Value?["url"];
                html.AppendHtml("<p><a rel=\"noopener\" href=\"").Append(url ?? "").AppendHtml("\">").Append((string?)view.Value?["text"] ?? url ?? "").AppendHtml("</a></p>");
                break;
            case FieldKind.Taxonomy:
                html.AppendHtml("<ul class=\"chips\">");
                foreach (var term in view.Ids.Select(id => view.Lookup.Term(f.Vocabulary!, id)).OfType<TermLink>())
                    html.AppendHtml("<li><a class=\"chip\" href=\"").Append(term.Url).AppendHtml("\">").Append(term.DisplayName).AppendHtml("</a></li>");
                html.AppendHtml("</ul>");
                break;
            case FieldKind.ContentPicker:
                html.AppendHtml("<ul>");
                foreach (var linked in view.Ids.Select(view.Lookup.Item).OfType<ContentSummary>())
                {
                    html.AppendHtml("<li><a href=\"").Append(linked.Url).AppendHtml("\">").Append(linked.Item.DisplayText)
                        .AppendHtml("</a> <span class=\"meta\">(").Append(linked.TypeDisplayName).AppendHtml(")</span></li>");
                }
                html.AppendHtml("</ul>");
                break;
            case FieldKind.Media:
                MediaHtml.Write(html, view.Value as JsonArray ?? [], view.Lookup.Media);
                break;
            case FieldKind.List:
                html.AppendHtml("<ul class=\"entries\">");
                foreach (var entry in (view.Value as JsonArray ?? []).OfType<JsonObject>())
                {
                    html.AppendHtml("<li class=\"entry\"><dl>");
                    foreach (var sub in view.EntryFields(entry))
                    {
                        html.AppendHtml("<dt>").Append(sub.Field.DisplayName).AppendHtml("</dt><dd>");
                        WriteField(html, sub);
                        html.AppendHtml("</dd>");
                    }
                    html.AppendHtml("</dl></li>");
                }
                html.AppendHtml("</ul>");
                break;
        }
    }
}
