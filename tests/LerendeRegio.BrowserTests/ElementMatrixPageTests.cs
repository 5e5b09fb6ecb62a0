using Deque.AxeCore.Commons;
using Deque.AxeCore.Playwright;
using Microsoft.Playwright;

namespace LerendeRegio.BrowserTests;

/// <summary>
/// The werkzame-elementen matrix in a real browser: a wide table that stays usable with the keyboard alone and on a
/// 360 px screen (a focusable scrolling region, sticky element names, a list view), without JavaScript.
/// </summary>
public sealed class ElementMatrixPageTests(BrowserFixture browser) : IClassFixture<BrowserFixture>
{
    private static readonly AxeRunOptions Wcag21AA = new()
    {
        RunOnly = new RunOnlyOptions { Type = "tag", Values = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"] },
    };

    [Fact]
    public async Task The_keyboard_reaches_the_table_scrolls_it_and_follows_a_cell_to_the_items_behind_it()
    {
        var context = await browser.Browser.NewContextAsync(new() { JavaScriptEnabled = false, ViewportSize = new() { Width = 1280, Height = 900 } });
        var page = await context.NewPageAsync();
        await page.GotoAsync(browser.Site.BaseUrl + "/werkzame-elementen");

        await BrowserFixture.TabUntil(page, "el => el.classList.contains('matrix-scroll')");
        Assert.Equal("region", await page.EvaluateAsync<string>("() => document.activeElement.getAttribute('role')"));
        var scrollable = await page.EvaluateAsync<bool>("() => document.activeElement.scrollWidth > document.activeElement.clientWidth");
        Assert.True(scrollable, "at 1280 px the seeded matrix is wider than its region");
        await page.Keyboard.PressAsync("ArrowRight");
        await page.Keyboard.PressAsync("ArrowRight");
        // With JavaScript off in the page, poll from outside instead of WaitForFunction (which runs in the page).
        var scrolled = false;
        for (var i = 0; i < 50 && !scrolled; i++)
        {
            scrolled = await page.EvaluateAsync<bool>("() => document.querySelector('.matrix-scroll').scrollLeft > 0");
            if (!scrolled) await Task.Delay(100);
        }
        Assert.True(scrolled, "the arrow keys did not scroll the focused table region");

        // The first links inside are the project headers and element names; a cell link leads to the element's items.
        await BrowserFixture.TabUntil(page, "el => el.closest('td.matrix__cell') !== null");
        var href = await page.EvaluateAsync<string>("() => document.activeElement.getAttribute('href')");
        Assert.Matches("^/werkzame-elementen/[a-z-]+\\?project=", href);
        // Scrolled into view when focused, never hidden under the sticky element names.
        var visible = await page.EvaluateAsync<bool>("""
            () => { const a = document.activeElement.getBoundingClientRect(), s = document.querySelector('.matrix-scroll').getBoundingClientRect(),
                          h = document.querySelector('.matrix tbody th').getBoundingClientRect();
                    return a.left >= h.right - 1 && a.right <= s.right + 1; }
            """);
        Assert.True(visible, "the focused cell link is not fully visible");
        Assert.Equal("A", await page.EvaluateAsync<string>("() => document.activeElement.tagName"));
        // Wait for the navigation registered before the key press, so a fast navigation cannot slip past the wait.
        var navigated = page.WaitForURLAsync(url => url.Contains("?project=", StringComparison.Ordinal));
        await page.Keyboard.PressAsync("Enter");
        await navigated;
        Assert.NotEmpty(await page.QuerySelectorAllAsync(".occurrence"));
        await context.CloseAsync();
    }

    [Fact]
    public async Task On_a_360_pixel_screen_the_table_scrolls_inside_its_region_and_the_list_view_needs_no_scrolling()
    {
        var page = await browser.NewPageAsync(width: 360, height: 740);
        await page.GotoAsync(browser.Site.BaseUrl + "/werkzame-elementen");
        Assert.True(await page.EvaluateAsync<bool>("() => document.documentElement.scrollWidth <= document.documentElement.clientWidth"));
        Assert.True(await page.EvaluateAsync<bool>("() => { const r = document.querySelector('.matrix-scroll'); return r.scrollWidth > r.clientWidth; }"));
        // The element names stay in place while the projects scroll past.
        var before = await page.EvaluateAsync<double>("() => document.querySelector('.matrix tbody th').getBoundingClientRect().left");
        await page.EvaluateAsync("() => document.querySelector('.matrix-scroll').scrollLeft = 400");
        Assert.Equal(before, await page.EvaluateAsync<double>("() => document.querySelector('.matrix tbody th').getBoundingClientRect().left"), 1);

        await page.ClickAsync("text=lijstweergave");
        await page.WaitForURLAsync(url => url.Contains("weergave=lijst", StringComparison.Ordinal));
        Assert.Null(await page.QuerySelectorAsync("table.matrix"));
        Assert.True(await page.EvaluateAsync<bool>("() => document.documentElement.scrollWidth <= document.documentElement.clientWidth"));
        var result = await page.RunAxe(Wcag21AA);
        Assert.True(result.Violations.Length == 0, string.Join('\n', result.Violations.Select(v => $"{v.Id}: {v.Help}")));
        await page.Context.CloseAsync();
    }

    [Theory]
    [InlineData("/werkzame-elementen", "matrix")]
    [InlineData("/werkzame-elementen?weergave=lijst", "matrix-lijst")]
    [InlineData("/werkzame-elementen/hulp-dichtbij", "element")]
    [InlineData("/bewijsladder", "bewijsladder")]
    [InlineData("/schoolpraktijken/extra-begeleiding-op-de-vo-school", "praktijk-bewijs")]
    public async Task Screenshots_for_people_to_look_at(string path, string name)
    {
        foreach (var file in await browser.ScreenshotAsync(path, name))
            Assert.True(file.Length > 10_000, $"{file.FullName} looks empty");
    }

}
