using Microsoft.Playwright;

namespace LerendeRegio.BrowserTests;

/// <summary>The site process plus Debian's Chromium driven by Playwright (no browser download).</summary>
public sealed class BrowserFixture : IAsyncLifetime
{
    public const string ChromiumPath = "/usr/bin/chromium";

    public SiteProcess Site { get; } = new();
    public IPlaywright Playwright { get; private set; } = null!;
    public IBrowser Browser { get; private set; } = null!;

    /// <summary>Screenshots land here for people to look at (tests/LerendeRegio.BrowserTests/screenshots).</summary>
    public static string ScreenshotFolder { get; } = Directory.CreateDirectory(Path.Combine(LerendeRegio.Tests.RepositoryPaths.Root, "tests", "LerendeRegio.BrowserTests", "screenshots")).FullName;

    public async Task InitializeAsync()
    {
        if (!File.Exists(ChromiumPath)) throw new FileNotFoundException("Debian's chromium is needed; tests/scripts/ensure-tools.sh installs it.", ChromiumPath);
        await Site.InitializeAsync();
        Playwright = await Microsoft.Playwright.Playwright.CreateAsync();
        Browser = await Playwright.Chromium.LaunchAsync(new()
        {
            ExecutablePath = ChromiumPath,
            Headless = true,
            Args = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
        });
    }

    /// <summary>Full-page screenshots of a path at desktop and phone width, for people to look at; returns the files.</summary>
    public async Task<IReadOnlyList<FileInfo>> ScreenshotAsync(string path, string name)
    {
        var files = new List<FileInfo>();
        foreach (var width in new[] { 1280, 360 })
        {
            var page = await NewPageAsync(width: width, height: 900);
            await page.GotoAsync(Site.BaseUrl + path);
            var file = Path.Combine(ScreenshotFolder, $"{name}-{width}.png");
            await page.ScreenshotAsync(new() { Path = file, FullPage = true });
            await page.Context.CloseAsync();
            files.Add(new FileInfo(file));
        }
        return files;
    }

    /// <summary>Presses Tab until the focused element matches a JavaScript predicate; fails if it never does.</summary>
    public static async Task TabUntil(IPage page, string predicate, int maxPresses = 120)
    {
        for (var i = 0; i < maxPresses; i++)
        {
            await page.Keyboard.PressAsync("Tab");
            if (await page.EvaluateAsync<bool>($"() => ({predicate})(document.activeElement)")) return;
        }
        Assert.Fail($"No element matching {predicate} reached with Tab");
    }

    public async Task<IPage> NewPageAsync(int width = 1280, int height = 900)
    {
        var context = await Browser.NewContextAsync(new() { ViewportSize = new() { Width = width, Height = height }, Locale = "nl-NL" });
        return await context.NewPageAsync();
    }

    public async Task DisposeAsync()
    {
        await Browser.DisposeAsync();
        Playwright.Dispose();
        await Site.DisposeAsync();
    }
}
