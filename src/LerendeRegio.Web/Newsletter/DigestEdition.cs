using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using LerendeRegio.Web.Content;
using LerendeRegio.Web.Media;
using LerendeRegio.Web.Search;
using LerendeRegio.Web.Site;
using LerendeRegio.Web.Vocabularies;
using Microsoft.Extensions.Options;

namespace LerendeRegio.Web.Newsletter;

/// <summary>One published item as a digest shows it; links are absolute.</summary>
public sealed record DigestItem(
    string ContentItemId, string Type, string TypeDisplayName, string Title, string? Summary, string Url, string? ImageUrl,
    DateTime PublishedUtc, IReadOnlySet<string> Themes, IReadOnlySet<string> Gemeenten)
{
    public bool Matches(SubscriberPreferences preferences) =>
        (preferences.Types.Count == 0 || preferences.Types.Contains(Type))
        && (preferences.Themes.Count == 0 || preferences.Themes.Any(Themes.Contains))
        && (preferences.Gemeenten.Count == 0 || preferences.Gemeenten.Any(Gemeenten.Contains));
}

/// <summary>What was published in a period (newest first), with what every digest of the period shares.</summary>
public sealed record DigestEdition(DigestPeriod Period, IReadOnlyList<DigestItem> Items, NewsletterChoiceSet Choices, string SiteName, string FromDomain)
{
    /// <summary>Each item's HTML and text, written once per edition and shared by every digest that shows it.</summary>
    internal ConcurrentDictionary<string, (string Html, string Text)> Fragments { get; } = new();

    /// <summary>The period's items in a search index of their own, for saved searches (null: none can match).</summary>
    internal SearchMatcher? Matcher { get; init; }

    // Many subscribers save the same search: each one is run once per edition.
    private readonly ConcurrentDictionary<string, IReadOnlyList<DigestItem>> _searchMatches = new();

    public IReadOnlyList<DigestItem> For(SubscriberPreferences preferences) => [.. Items.Where(i => i.Matches(preferences))];

    /// <summary>The period's items a saved search finds, newest first: what /zoeken would list of them.</summary>
    public IReadOnlyList<DigestItem> For(SavedSearchCriteria criteria) => Matcher is not { } matcher ? [] : _searchMatches.GetOrAdd(criteria.Key, _ =>
    {
        SearchRequest request;
        try
        {
            request = criteria.ToRequest();
        }
        catch (SearchInputException)
        {
            return [];
        }
        var ids = matcher.Match(request);
        return [.. Items.Where(i => ids.Contains(i.ContentItemId))];
    });
}

/// <summary>
/// Builds a period's edition from the content queries: only what is published now and was first published inside the
/// period (a later correction keeps the first publication date, so it does not come back as new); drafts never.
/// </summary>
public sealed class DigestEditions(
    ContentQueries queries,
    ContentDefinitionStore definitions,
    NewsletterChoices choices,
    NewsletterLinks links,
    SiteSettingsStore settings,
    MailSenderAddress from,
    MediaLibrary media,
    VocabularyStore vocabularies,
    IOptions<NewsletterOptions> options)
{
    private const int PageSize = 500;

    public async Task<DigestEdition> LoadAsync(DigestPeriod period, CancellationToken ct = default)
    {
        var zone = options.Value.Zone;
        var (start, end) = (period.StartUtc(zone), period.EndUtc(zone));
        var types = await definitions.GetTypesAsync(ct);
        var headers = new List<ContentHeader>();
        // Newest first from the end of the period, until the slices pass its start.
        var cursor = new ContentCursor(end, "");
        while (true)
        {
            var slice = await queries.SliceAsync(new ContentListQuery(), cursor, PageSize, ct);
            headers.AddRange(slice.Items.Where(h => h.PublishedUtc is { } p && p >= start && p < end));
            if (slice.Next is null || slice.Items.Count == 0 || slice.Items[^1].PublishedUtc < start) break;
            cursor = slice.Next;
        }
        var items = new List<DigestItem>(headers.Count);
        var searchable = new List<(ContentItem, ContentTypeDefinition)>(headers.Count);
        foreach (var header in headers)
        {
            if (!types.TryGetValue(header.ContentType, out var type)) continue;
            var published = await queries.GetPublishedAsync(header.ContentItemId, ct);
            if (published is null) continue; // unpublished a moment ago
            searchable.Add((published, type));
            items.Add(new DigestItem(header.ContentItemId, type.Name, type.DisplayName, header.DisplayText, Shorten(header.Summary),
                links.Absolute(SiteUrls.Item(type, header.Slug)), await ImageAsync(published, type, ct), header.PublishedUtc!.Value,
                header.Terms.Where(t => t.Vocabulary == NewsletterChoices.ThemeVocabulary).Select(t => t.TermId).ToHashSet(),
                header.Terms.Where(t => t.Vocabulary == NewsletterChoices.GemeenteVocabulary).Select(t => t.TermId).ToHashSet()));
        }
        // Saved searches run against the period's items indexed on their own, with the site search's analysis: the
        // same answer as /zoeken on any node, also one (or the command line) without a search index.
        var site = await settings.GetAsync(ct);
        var matcher = SearchMatcher.Create(searchable, await vocabularies.GetAllAsync(ct), site.SearchSynonyms);
        return new DigestEdition(period, items, await choices.GetAsync(ct), site.SiteName, from.Domain) { Matcher = matcher };
    }

    /// <summary>
    /// The first image of the item's media fields, as a JPEG (every mail client shows it) of at most 640 px wide: the
    /// digest's column is 600 px, so a larger file would only cost the reader data.
    /// </summary>
    private async Task<string?> ImageAsync(ContentItem item, ContentTypeDefinition type, CancellationToken ct)
    {
        var mediaFields = type.Fields.Where(f => f.Kind == FieldKind.Media).ToList();
        if (mediaFields.Count == 0) return null;
        var ids = mediaFields.SelectMany(f => (item.Fields[f.Name] as JsonArray ?? []).OfType<JsonObject>())
            .Select(entry => entry["mediaId"]?.GetValue<string>()).OfType<string>().ToList();
        if (ids.Count == 0) return null;
        var assets = await media.GetManyAsync(ids, ct);
        var image = ids.Select(id => assets.GetValueOrDefault(id)).FirstOrDefault(a => a is { Kind: MediaKind.Image, VariantWidths.Count: > 0 });
        if (image is null) return null;
        var width = image.VariantWidths.Where(w => w <= 640).DefaultIfEmpty(image.VariantWidths[0]).Max();
        return links.Absolute(MediaUrls.Variant(image, width, "jpg"));
    }

    private static string? Shorten(string? summary)
    {
        if (string.IsNullOrWhiteSpace(summary)) return null;
        summary = summary.Trim();
        if (summary.Length <= 300) return summary;
        var cut = summary.LastIndexOf(' ', 297);
        return summary[..(cut > 200 ? cut : 297)] + "…";
    }
}

/// <summary>The configured From address, parsed once; its domain names the digests' Message-Ids.</summary>
public sealed class MailSenderAddress(Mail.MailSender sender)
{
    public MimeKit.MailboxAddress Address { get; } = sender.From;

    public string Domain => Address.Domain is { Length: > 0 } domain ? domain : "lerenderegio.local";
}
