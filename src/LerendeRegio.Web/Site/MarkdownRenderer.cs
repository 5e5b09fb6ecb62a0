using Ganss.Xss;
using Markdig;
using Markdig.Syntax;
using Microsoft.AspNetCore.Html;
using Microsoft.Extensions.Caching.Memory;

namespace LerendeRegio.Web.Site;

/// <summary>
/// Renders the markdown of content fields to safe HTML: raw HTML in the source is escaped, the result is sanitised
/// (no script, no javascript: links), and headings are moved below the page's own h1/h2.
/// </summary>
public sealed class MarkdownRenderer
{
    private readonly MarkdownPipeline _pipeline = new MarkdownPipelineBuilder()
        .DisableHtml()
        .UseEmphasisExtras()
        .UsePipeTables()
        .UseAutoLinks()
        .UseListExtras()
        .Build();

    private readonly HtmlSanitizer _sanitizer;
    private readonly IMemoryCache _cache;

    public MarkdownRenderer(IMemoryCache cache)
    {
        _cache = cache;
        _sanitizer = new HtmlSanitizer();
        _sanitizer.AllowedSchemes.Clear();
        _sanitizer.AllowedSchemes.UnionWith(["http", "https", "mailto"]);
        _sanitizer.AllowedAttributes.Remove("style");
        _sanitizer.AllowedTags.ExceptWith(["img", "iframe", "form", "input", "button", "style"]);
    }

    /// <param name="headingOffset">Levels to add to every heading (2 puts "# x" at h3 under a section's h2).</param>
    public IHtmlContent Render(string? markdown, int headingOffset = 2)
    {
        if (string.IsNullOrWhiteSpace(markdown)) return HtmlString.Empty;
        var html = _cache.GetOrCreate((nameof(MarkdownRenderer), headingOffset, markdown), entry =>
        {
            entry.Size = markdown.Length;
            entry.SlidingExpiration = TimeSpan.FromHours(1);
            var document = Markdown.Parse(markdown, _pipeline);
            foreach (var heading in document.Descendants<HeadingBlock>()) heading.Level = Math.Min(6, heading.Level + headingOffset);
            return _sanitizer.Sanitize(document.ToHtml(_pipeline));
        });
        return new HtmlString(html);
    }

    /// <summary>Plain text of the markdown, for descriptions and snippets.</summary>
    public static string ToPlainText(string? markdown) =>
        string.IsNullOrWhiteSpace(markdown) ? "" : Markdown.ToPlainText(markdown).Trim();
}
