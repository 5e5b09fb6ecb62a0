using System.Diagnostics;
using System.Text.Json;
using System.Text.RegularExpressions;
using Deque.AxeCore.Commons;
using Deque.AxeCore.Playwright;
using LerendeRegio.Tests;
using Microsoft.Playwright;
using MimeKit;

namespace LerendeRegio.BrowserTests;

/// <summary>
/// Saving a search in a real browser, with the keyboard alone and on pages without scripts: the form under the results, the
/// confirmation from the mail, and the preferences page with the saved search (renamed and deleted there). Every page on
/// the way: axe-core with zero violations, the W3C Nu checker, no sideways scrolling at 360 px, and screenshots.
/// </summary>
public sealed partial class SavedSearchPagesTests(BrowserFixture browser) : IClassFixture<BrowserFixture>
{
    private static readonly AxeRunOptions Wcag21AA = new()
    {
        RunOnly = new RunOnlyOptions { Type = "tag", Values = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"] },
    };

    private string Url(string path) => browser.Site.BaseUrl + path;

    [Fact]
    public async Task A_visitor_saves_a_search_confirms_it_and_manages_it_with_the_keyboard_alone()
    {
        var address = $"lezer-{Guid.NewGuid():N}@voorbeeld.nl";
        var problems = new List<string>();
        var pages = new List<(string Name, string Html)>();
        // axe-core needs scripts in the browser; the pages themselves have none (checked on every page), so what works
        // here works without JavaScript.
        var page = await browser.NewPageAsync();
        var context = page.Context;

        // The form under the results, reached and filled with the keyboard.
        await page.GotoAsync(Url("/zoeken?q=ouderbetrokkenheid&gemeente=emmen"));
        await CheckAsync(page, "zoeken-bewaar-formulier", problems, pages);
        await BrowserFixture.TabUntil(page, "el => el.id === 'bewaar-naam'", maxPresses: 200);
        Assert.Equal("ouderbetrokkenheid · Emmen", await page.InputValueAsync("#bewaar-naam"));
        await page.Keyboard.PressAsync("Tab");
        Assert.Equal("bewaar-email", await page.EvaluateAsync<string>("() => document.activeElement.id"));
        await page.Keyboard.TypeAsync(address);
        await page.Keyboard.PressAsync("Tab");
        Assert.Equal("Bewaar zoekopdracht", await page.EvaluateAsync<string>("() => document.activeElement.textContent.trim()"));
        await page.Keyboard.PressAsync("Enter");
        await page.WaitForURLAsync(new Regex("/zoeken/bewaren$"));
        Assert.Contains("krijg je een e-mail met een link", await page.TextContentAsync("main"), StringComparison.Ordinal);
        await CheckAsync(page, "zoekopdracht-bewaard", problems, pages);

        // A refused address: the message next to the field, the field marked.
        await page.GotoAsync(Url("/zoeken/bewaren?q=ouderbetrokkenheid&gemeente=emmen"));
        await page.FillAsync("#bewaar-email", "geen-adres");
        await page.GetByRole(AriaRole.Button, new() { Name = "Bewaar zoekopdracht" }).ClickAsync();
        Assert.Equal("true", await page.GetAttributeAsync("#bewaar-email", "aria-invalid"));
        Assert.Contains("Vul een geldig e-mailadres in", await page.TextContentAsync("#bewaar-email-fout"), StringComparison.Ordinal);
        await CheckAsync(page, "zoekopdracht-bewaren-fout", problems, pages);

        // The link in the mail: the page says what it confirms; the button confirms it.
        var mail = await MailToAsync(address);
        Assert.Contains("‘ouderbetrokkenheid · Emmen’", mail.TextBody, StringComparison.Ordinal);
        var link = new Uri(ConfirmLink().Match(mail.TextBody!).Value).PathAndQuery;
        await page.GotoAsync(Url(link));
        Assert.Contains("‘ouderbetrokkenheid · Emmen’", await page.TextContentAsync("main"), StringComparison.Ordinal);
        await CheckAsync(page, "zoekopdracht-bevestigen", problems, pages);
        await BrowserFixture.TabUntil(page, "el => el.textContent.trim() === 'Ja, bevestigen'", maxPresses: 200);
        await page.Keyboard.PressAsync("Enter");
        await page.WaitForSelectorAsync(".notice--ok");
        Assert.Contains("is bevestigd", await page.TextContentAsync("main"), StringComparison.Ordinal);
        await CheckAsync(page, "zoekopdracht-bevestigd", problems, pages);

        // The preferences page lists it; renamed and deleted there, with the keyboard.
        await BrowserFixture.TabUntil(page, "el => el.textContent.trim() === 'Je voorkeuren en zoekopdrachten beheren'", maxPresses: 200);
        await page.Keyboard.PressAsync("Enter");
        await page.WaitForURLAsync(new Regex("/nieuwsbrief/voorkeuren/"));
        var preferences = page.Url;
        Assert.Contains("Zoekt: ‘ouderbetrokkenheid’ · Gemeente: Emmen", await page.TextContentAsync("main"), StringComparison.Ordinal);
        Assert.True(await page.IsCheckedAsync("#algemeen-uit"));
        await CheckAsync(page, "voorkeuren-met-zoekopdracht", problems, pages);
        await BrowserFixture.TabUntil(page, "el => el.id.startsWith('naam-')", maxPresses: 300);
        await page.Keyboard.PressAsync("Control+A");
        await page.Keyboard.TypeAsync("Ouders in Emmen");
        await page.Keyboard.PressAsync("Enter");
        await page.WaitForSelectorAsync("text=De naam is gewijzigd");
        Assert.Contains("‘Ouders in Emmen’", await page.TextContentAsync("main"), StringComparison.Ordinal);
        await CheckAsync(page, "voorkeuren-hernoemd", problems, pages);
        await BrowserFixture.TabUntil(page, "el => el.textContent.trim().startsWith('Verwijderen')", maxPresses: 300);
        await page.Keyboard.PressAsync("Space");
        await page.WaitForSelectorAsync("text=is verwijderd");
        Assert.Contains("Je hebt geen bewaarde zoekopdrachten", await page.TextContentAsync("main"), StringComparison.Ordinal);
        Assert.StartsWith(preferences.Split('?')[0], page.Url, StringComparison.Ordinal); // the token kept its capitals
        await context.CloseAsync();

        Assert.True(problems.Count == 0, string.Join('\n', problems));
        var invalid = await NuCheckerAsync(pages);
        Assert.True(invalid.Count == 0, string.Join('\n', invalid));
    }

    /// <summary>axe-core, the page's HTML for the Nu checker, a screenshot at 1280 px and at 360 px, and no sideways scrolling there.</summary>
    private static async Task CheckAsync(IPage page, string name, List<string> problems, List<(string Name, string Html)> pages)
    {
        if (await page.EvaluateAsync<int>("() => document.scripts.length") is var scripts and > 0) problems.Add($"{name} has {scripts} scripts");
        var axe = await page.RunAxe(Wcag21AA);
        problems.AddRange(axe.Violations.Select(v => $"{name}: {v.Id} ({v.Impact}): {v.Help} — {string.Join(" | ", v.Nodes.Take(3).Select(n => n.Html))}"));
        pages.Add((name, await page.ContentAsync()));
        await page.ScreenshotAsync(new() { Path = Path.Combine(BrowserFixture.ScreenshotFolder, $"{name}-1280.png"), FullPage = true });
        await page.SetViewportSizeAsync(360, 740);
        var overflow = await page.EvaluateAsync<int>("() => document.documentElement.scrollWidth - document.documentElement.clientWidth");
        if (overflow > 0) problems.Add($"{name} is {overflow}px too wide at 360px");
        await page.ScreenshotAsync(new() { Path = Path.Combine(BrowserFixture.ScreenshotFolder, $"{name}-360.png"), FullPage = true });
        await page.SetViewportSizeAsync(1280, 900);
    }

    private async Task<MimeMessage> MailToAsync(string address)
    {
        var folder = Path.Combine(browser.Site.DataPath, "mail");
        for (var i = 0; i < 100; i++)
        {
            var mail = Directory.Exists(folder)
                ? Directory.GetFiles(folder, "*.eml").Select(f => MimeMessage.Load(f)).FirstOrDefault(m => m.To.Mailboxes.Any(a => a.Address == address))
                : null;
            if (mail is not null) return mail;
            await Task.Delay(100);
        }
        throw new InvalidOperationException($"No mail to {address} in {folder}");
    }

    /// <summary>
    /// The W3C Nu checker over the pages as the browser holds them (a form's answer has no address to fetch again);
    /// without scripts the document is the server's HTML.
    /// </summary>
    private static Task<List<string>> NuCheckerAsync(List<(string Name, string Html)> pages) => NuChecker.ErrorsAsync(pages);

    [GeneratedRegex(@"https?://\S+/nieuwsbrief/bevestigen/[A-Za-z0-9_-]+")]
    private static partial Regex ConfirmLink();
}
