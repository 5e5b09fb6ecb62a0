using System.Globalization;
using System.Text;
using System.Xml;
using LerendeRegio.Web.Api;
using LerendeRegio.Web.Content;
using LerendeRegio.Web.Site;
using LerendeRegio.Web.Vocabularies;

namespace LerendeRegio.Web.Feeds;

/// <summary>
/// What crawlers and feed readers ask for: <c>/feed.atom</c> (recent publications, per type or theme), <c>/sitemap.xml</c>
/// (every public page) and <c>/robots.txt</c>. Anonymous answers are output-cached and dropped on every publication.
/// </summary>
public static class SiteFeeds
{
    public const int FeedSize = 50;
    private const string Atom = "http://www.w3.org/2005/Atom";
    private const string Sitemaps = "http://www.sitemaps.org/schemas/sitemap/0.9";
    private static readonly HashSet<string> NoOtherParameters = [];

    public static WebApplication MapSiteFeeds(this WebApplication app)
    {
        app.MapGet("/feed.atom", FeedAsync).WithName("Feed").WithTags("Feeds")
            .WithSummary("Atom-feed van de nieuwste 50 publicaties; per type (?type=Intervention) of begrip (?thema=…)")
            .Produces<string>(StatusCodes.Status200OK, "application/atom+xml")
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .CacheOutput(SiteExtensions.PublicPagePolicy);
        app.MapGet("/sitemap.xml", SitemapAsync).WithName("Sitemap").WithTags("Feeds")
            .WithSummary("Alle openbare pagina's: home, lijsten, gepubliceerde items en begrippen")
            .Produces<string>(StatusCodes.Status200OK, "application/xml")
            .CacheOutput(SiteExtensions.PublicPagePolicy);
        app.MapGet("/robots.txt", (HttpContext context) =>
                TypedResults.Text($"User-agent: *\nAllow: /\n\nSitemap: {ContentApi.Origin(context.Request)}/sitemap.xml\n", "text/plain", Encoding.UTF8))
            .WithName("Robots").WithTags("Feeds")
            .WithSummary("Alles mag geïndexeerd worden; verwijst naar de sitemap")
            .Produces<string>(StatusCodes.Status200OK, "text/plain")
            .CacheOutput(SiteExtensions.PublicPagePolicy);
        return app;
    }

    private static async Task<IResult> FeedAsync(
        HttpContext context, ContentFilter filter, ContentQueries queries, ContentResources resources, SiteSettingsStore settings, CancellationToken ct)
    {
        var (query, problem) = await filter.ParseAsync(context.Request.Query, NoOtherParameters, ct);
        if (problem is not null) return problem.ToResult();
        var origin = ContentApi.Origin(context.Request);
        var slice = await queries.SliceAsync(query!, null, FeedSize, ct);
        var entries = await resources.ListEntriesAsync(slice.Items, origin, ct);
        var site = await settings.GetAsync(ct);
        var self = origin + "/feed.atom" + context.Request.QueryString;
        var subtitle = string.Join(", ", context.Request.Query.SelectMany(q => q.Value.Select(v => v)));

        using var buffer = new MemoryStream();
        await using (var xml = XmlWriter.Create(buffer, new XmlWriterSettings { Async = true, Encoding = new UTF8Encoding(false), Indent = false }))
        {
            await xml.WriteStartDocumentAsync();
            xml.WriteStartElement("feed", Atom);
            xml.WriteAttributeString("xml", "lang", null, "nl");
            xml.WriteElementString("id", Atom, self);
            xml.WriteElementString("title", Atom, subtitle.Length == 0 ? $"{site.SiteName}: nieuw gepubliceerd" : $"{site.SiteName}: nieuw gepubliceerd ({subtitle})");
            if (site.Tagline.Length > 0) xml.WriteElementString("subtitle", Atom, site.Tagline);
            xml.WriteElementString("updated", Atom, Date(entries.Select(e => e.ModifiedUtc ?? e.PublishedUtc).Max() ?? DateTime.UnixEpoch));
            Link(xml, "self", self, "application/atom+xml");
            Link(xml, "alternate", origin + "/", "text/html");
            xml.WriteStartElement("author", Atom);
            xml.WriteElementString("name", Atom, site.SiteName);
            xml.WriteEndElement();
            foreach (var entry in entries)
            {
                xml.WriteStartElement("entry", Atom);
                // The API address of an item never changes (its page address follows the slug), so it is the entry's id.
                xml.WriteElementString("id", Atom, $"{origin}/api/content/{entry.Id}");
                xml.WriteElementString("title", Atom, entry.Title);
                Link(xml, "alternate", entry.Url, "text/html");
                if (entry.PublishedUtc is { } published) xml.WriteElementString("published", Atom, Date(published));
                xml.WriteElementString("updated", Atom, Date(entry.ModifiedUtc ?? entry.PublishedUtc ?? DateTime.UnixEpoch));
                if (entry.Summary is { Length: > 0 } summary) xml.WriteElementString("summary", Atom, summary);
                foreach (var term in entry.Terms)
                {
                    xml.WriteStartElement("category", Atom);
                    xml.WriteAttributeString("term", term.Id);
                    xml.WriteAttributeString("scheme", $"{origin}/onderwerpen/{term.Vocabulary}");
                    xml.WriteAttributeString("label", term.DisplayName);
                    xml.WriteEndElement();
                }
                xml.WriteEndElement();
            }
            xml.WriteEndElement();
        }
        return TypedResults.Bytes(buffer.ToArray(), "application/atom+xml; charset=utf-8");
    }

    private static async Task<IResult> SitemapAsync(
        HttpContext context, ContentDefinitionStore definitions, VocabularyStore vocabularies, ContentQueries queries, CancellationToken ct)
    {
        var origin = ContentApi.Origin(context.Request);
        var types = SiteOverview.OrderedTypes(await definitions.GetTypesAsync(ct)).ToList();
        // The sitemap protocol's limit is 50 000 addresses per file; the region has a few hundred items.
        var items = await queries.SliceAsync(new ContentListQuery { ContentTypes = [.. types.Select(t => t.Name)] }, null, 45_000, ct);
        var byName = types.ToDictionary(t => t.Name);

        using var buffer = new MemoryStream();
        await using (var xml = XmlWriter.Create(buffer, new XmlWriterSettings { Async = true, Encoding = new UTF8Encoding(false) }))
        {
            await xml.WriteStartDocumentAsync();
            xml.WriteStartElement("urlset", Sitemaps);
            Url(xml, origin + "/", null);
            foreach (var type in types) Url(xml, origin + SiteUrls.List(type), null);
            foreach (var item in items.Items.Where(i => byName.ContainsKey(i.ContentType)))
                Url(xml, origin + SiteUrls.Item(byName[item.ContentType], item.Slug), item.ModifiedUtc ?? item.PublishedUtc);
            Url(xml, origin + SiteUrls.Vocabularies, null);
            foreach (var vocabulary in await vocabularies.GetAllAsync(ct))
            {
                foreach (var term in vocabulary.Terms) Url(xml, origin + SiteUrls.Term(vocabulary.Name, term.Id), null);
            }
            xml.WriteEndElement();
        }
        return TypedResults.Bytes(buffer.ToArray(), "application/xml; charset=utf-8");
    }

    private static void Url(XmlWriter xml, string location, DateTime? modified)
    {
        xml.WriteStartElement("url", Sitemaps);
        xml.WriteElementString("loc", Sitemaps, location);
        if (modified is { } m) xml.WriteElementString("lastmod", Sitemaps, m.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
        xml.WriteEndElement();
    }

    private static void Link(XmlWriter xml, string rel, string href, string type)
    {
        xml.WriteStartElement("link", Atom);
        xml.WriteAttributeString("rel", rel);
        xml.WriteAttributeString("type", type);
        xml.WriteAttributeString("href", href);
        xml.WriteEndElement();
    }

    private static string Date(DateTime utc) => DateTime.SpecifyKind(utc, DateTimeKind.Utc).ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
}
