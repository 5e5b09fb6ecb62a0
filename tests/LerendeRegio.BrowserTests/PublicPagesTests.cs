using System.Diagnostics;
using System.Text.Json;
using Deque.AxeCore.Commons;
using Deque.AxeCore.Playwright;
using LerendeRegio.Tests;
using Microsoft.Playwright;

namespace LerendeRegio.BrowserTests;

/// <summary>
/// Every public page in a real browser: WCAG 2.1 AA by axe-core with zero violations, valid HTML by the W3C Nu
/// checker, usable on a 360 px wide screen and with the keyboard alone.
/// </summary>
public sealed class PublicPagesTests(BrowserFixture browser) : IClassFixture<BrowserFixture>
{
    public static readonly TheoryData<string, int> Pages = new()
    {
        { "/", 200 },
        { "/interventies", 200 },
        { "/interventies?thema=kansen-voor-kinderen&gemeente=emmen", 200 },
        { "/schoolpraktijken", 200 },
        { "/lessen?pagina=2", 200 },
        { "/projecten", 200 },
        { "/interventies/mentor4you", 200 },
        { "/schoolpraktijken/kansencoach-als-brug-naar-ouders", 200 },
        { "/lessen/woningeigenaren-willen-niet-lenen-voor-verduurzaming", 200 },
        { "/projecten/kansen4kinderen", 200 },
        { "/onderwerpen", 200 },
        { "/onderwerpen/werkzaam-element/hulp-dichtbij", 200 },
        { "/werkzame-elementen", 200 },
        { "/werkzame-elementen?gemeente=emmen&sorteer=naam&weergave=lijst", 200 },
        { "/werkzame-elementen/hulp-dichtbij", 200 },
        { "/werkzame-elementen/hulp-dichtbij?project=project-integrated-care", 200 },
        { "/bewijsladder", 200 },
        { "/werkzame-elementen?gemeente=onbekend", 400 },
        { "/zoeken?q=kansencoach", 200 },
        { "/zoeken?q=kansencoatch&pijler=welzijn", 200 },
        { "/zoeken", 200 },
        { "/zoeken/bewaren?q=ouderbetrokkenheid&gemeente=emmen", 200 },
        { "/zoeken/bewaren?thema=onbekend", 400 },
        { "/nieuwsbrief?email=iemand%40voorbeeld.nl", 200 },
        { "/nieuwsbrief/bevestigen/AQAAAAAAAAABAAAAAGsIEAOfVdoggZkRERYYVA1K8I-q", 200 },
        { "/nieuwsbrief/afmelden/AQAAAAAAAAABAAAAAGsIEAOfVdoggZkRERYYVA1K8I-q", 200 },
        { "/actueel/verlopen-of-beschadigd", 400 },
        { "/nieuwsbrief/voorkeuren/AQAAAAAAAAABAAAAAGsIEAOfVdoggZkRERYYVA1K8I-q", 404 },
        { "/bestaat-niet", 404 },
        { "/interventies?thema=onbekend", 400 },
    };

    private static readonly AxeRunOptions Wcag21AA = new()
    {
        RunOnly = new RunOnlyOptions { Type = "tag", Values = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"] },
    };

    [Theory]
    [MemberData(nameof(Pages))]
    public async Task Page_has_no_accessibility_violations(string path, int status)
    {
        var page = await browser.NewPageAsync();
        var response = await page.GotoAsync(browser.Site.BaseUrl + path);
        Assert.Equal(status, response!.Status);
        var result = await page.RunAxe(Wcag21AA);
        Assert.True(result.Violations.Length == 0, string.Join('\n', result.Violations.Select(v =>
            $"{v.Id} ({v.Impact}): {v.Help} — {string.Join(" | ", v.Nodes.Take(3).Select(n => n.Html))}")));
        await page.Context.CloseAsync();
    }

    [Theory]
    [MemberData(nameof(Pages))]
    public async Task Page_fits_a_360_pixel_screen_without_sideways_scrolling(string path, int status)
    {
        var page = await browser.NewPageAsync(width: 360, height: 740);
        var response = await page.GotoAsync(browser.Site.BaseUrl + path);
        Assert.Equal(status, response!.Status);
        var overflow = await page.EvaluateAsync<int>("() => document.documentElement.scrollWidth - document.documentElement.clientWidth");
        var culprit = overflow <= 0 ? "" : await page.EvaluateAsync<string>("""
            () => [...document.querySelectorAll('body *')].filter(e => e.getBoundingClientRect().right > document.documentElement.clientWidth + 1)
                  .slice(0, 3).map(e => e.tagName + '.' + e.className).join(', ')
            """);
        Assert.True(overflow <= 0, $"{path} is {overflow}px too wide at 360px: {culprit}");
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task Every_page_is_valid_HTML_by_the_W3C_Nu_checker()
    {
        using var http = new HttpClient();
        var pages = new List<(string Label, string Html)>();
        foreach (var path in Pages.Select(r => (string)r[0]))
            pages.Add((path, await http.GetStringAsyncAllowingErrors(browser.Site.BaseUrl + path)));
        var messages = await NuChecker.ErrorsAsync(pages);
        Assert.True(messages.Count == 0, string.Join('\n', messages));
    }

    [Fact]
    public async Task The_skip_link_is_the_first_stop_and_moves_focus_to_the_content()
    {
        var page = await browser.NewPageAsync();
        await page.GotoAsync(browser.Site.BaseUrl + "/");
        await page.Keyboard.PressAsync("Tab");
        Assert.Equal("Naar de inhoud", await page.EvaluateAsync<string>("() => document.activeElement.textContent"));
        await page.Keyboard.PressAsync("Enter");
        Assert.Equal("inhoud", await page.EvaluateAsync<string>("() => document.activeElement.id"));
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task Filters_work_with_the_keyboard_alone_and_without_JavaScript()
    {
        var context = await browser.Browser.NewContextAsync(new() { JavaScriptEnabled = false, ViewportSize = new() { Width = 1280, Height = 900 } });
        var page = await context.NewPageAsync();
        await page.GotoAsync(browser.Site.BaseUrl + "/interventies");
        var before = await page.TextContentAsync(".result-count");

        await BrowserFixture.TabUntil(page, "el => el.type === 'checkbox'");
        var chosen = await page.EvaluateAsync<string>("() => document.activeElement.value");
        await page.Keyboard.PressAsync("Space");
        await BrowserFixture.TabUntil(page, "el => el.type === 'submit'");
        await page.Keyboard.PressAsync("Enter");
        await page.WaitForURLAsync(url => url.Contains('=' + chosen, StringComparison.Ordinal));

        Assert.NotEqual(before, await page.TextContentAsync(".result-count"));
        Assert.True(await page.IsCheckedAsync($"input[value='{chosen}']"));
        await context.CloseAsync();
    }

    [Theory]
    [InlineData("/", "home")]
    [InlineData("/interventies", "lijst-interventies")]
    [InlineData("/interventies/mentor4you", "detail-interventie")]
    [InlineData("/projecten/kansen4kinderen", "project")]
    [InlineData("/zoeken?q=ouderbetrokkenheid%20basisschool", "zoeken")]
    public async Task Screenshots_for_people_to_look_at(string path, string name)
    {
        foreach (var file in await browser.ScreenshotAsync(path, name))
            Assert.True(file.Length > 10_000, $"{file.FullName} looks empty");
    }

}

internal static class HttpClientExtensions
{
    public static async Task<string> GetStringAsyncAllowingErrors(this HttpClient http, string url)
    {
        using var response = await http.GetAsync(url);
        return await response.Content.ReadAsStringAsync();
    }
}
