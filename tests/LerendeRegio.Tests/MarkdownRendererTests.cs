using LerendeRegio.Web.Site;
using Microsoft.Extensions.Caching.Memory;

namespace LerendeRegio.Tests;

public class MarkdownRendererTests
{
    private readonly MarkdownRenderer _renderer = new(new MemoryCache(new MemoryCacheOptions { SizeLimit = 1_000_000 }));

    private string Render(string markdown, int offset = 2) => _renderer.Render(markdown, offset).ToString()!;

    [Fact]
    public void Raw_html_is_escaped_not_executed()
    {
        var html = Render("Hallo <script>alert(1)</script> <img src=x onerror=alert(1)>");
        Assert.DoesNotContain("<script", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("<img", html, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("&lt;script&gt;", html, StringComparison.Ordinal);
    }

    [Fact]
    public void Javascript_links_lose_their_href()
    {
        var html = Render("[klik](javascript:alert(1)) en [site](https://www.drenthe.nl)");
        Assert.DoesNotContain("javascript:", html, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("href=\"https://www.drenthe.nl\"", html, StringComparison.Ordinal);
    }

    [Fact]
    public void Headings_move_below_the_page_headings()
    {
        var html = Render("# Fase 1\n\n## Detail", offset: 2);
        Assert.Contains("<h3", html, StringComparison.Ordinal);
        Assert.Contains("<h4", html, StringComparison.Ordinal);
        Assert.DoesNotContain("<h1", html, StringComparison.Ordinal);
    }

    [Fact]
    public void Lists_and_emphasis_render()
    {
        var html = Render("- **één** aanspreekpunt\n- hulp *dichtbij*");
        Assert.Contains("<li><strong>één</strong> aanspreekpunt</li>", html, StringComparison.Ordinal);
        Assert.Contains("<em>dichtbij</em>", html, StringComparison.Ordinal);
    }

    [Fact]
    public void Empty_markdown_renders_nothing() => Assert.Equal("", Render("  "));
}
