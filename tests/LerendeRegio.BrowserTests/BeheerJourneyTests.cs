using System.Diagnostics;
using System.Text.Json;
using System.Text.RegularExpressions;
using Deque.AxeCore.Commons;
using Deque.AxeCore.Playwright;
using LerendeRegio.IntegrationTests;
using LerendeRegio.Tests;
using Microsoft.Playwright;
using MimeKit;

namespace LerendeRegio.BrowserTests;

/// <summary>
/// The beheer area in a real browser: the whole journey from invitation to publication, axe-core on every staff page,
/// the Nu checker on the main ones, screenshots for people to look at, and the editor with the keyboard alone.
/// </summary>
public sealed partial class BeheerJourneyTests(BrowserFixture browser) : IClassFixture<BrowserFixture>
{
    private const string Password = "een wachtwoord van de school zelf";

    private static readonly AxeRunOptions Wcag21AA = new()
    {
        RunOnly = new RunOnlyOptions { Type = "tag", Values = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"] },
    };

    // The administrator's authenticator key, once set up (tests of one class run one after another).
    private static string? _adminKey;

    private string Url(string path) => browser.Site.BaseUrl + path;

    [Fact]
    public async Task An_invited_school_writes_a_practice_an_editor_sends_it_back_the_school_fixes_it_and_it_is_published()
    {
        var checkedPages = new List<string>();
        var admin = await AdministratorAsync();
        var school = $"directie-{Guid.NewGuid():N}@obs-de-wilgen.test";
        var editor = $"redactie-{Guid.NewGuid():N}@lerenderegio.test";

        // The administrator invites the school and an editor.
        await admin.GotoAsync(Url("/beheer/gebruikers/uitnodigen"));
        await LookAsync(admin, "uitnodigen", checkedPages);
        await InviteAsync(admin, school, "Bijdrager", "OBS De Wilgen");
        await LookAsync(admin, "gebruikers", checkedPages);
        await InviteAsync(admin, editor, "Redacteur", "Programmateam");

        // The school chooses its password from the invitation mail and signs in.
        var schoolPage = await AcceptInvitationAsync(school, checkedPages);
        await SignInAsync(schoolPage, school);
        await LookAsync(schoolPage, "dashboard-school", checkedPages);

        // It writes a practice.
        await schoolPage.GetByRole(AriaRole.Link, new() { Name = "Nieuw: schoolpraktijk" }).ClickAsync();
        await LookAsync(schoolPage, "nieuw-schoolpraktijk", checkedPages);
        await schoolPage.FillAsync("#veld-titel", "Ouderkoffie op vrijdag");
        await schoolPage.FillAsync("#veld-samenvatting", "Elke vrijdag drinken ouders koffie met de kansencoach in de aula.");
        await schoolPage.FillAsync("#veld-schoolNaam", "OBS De Wilgen");
        await schoolPage.SelectOptionAsync("#veld-gemeente", "emmen");
        await schoolPage.SelectOptionAsync("#veld-deelproject", "educatief-partnerschap");
        await schoolPage.CheckAsync("label:has-text('Kansen voor kinderen') >> xpath=preceding-sibling::input");
        await schoolPage.FillAsync("#veld-aanleiding", "Ouders kwamen alleen op school als er iets mis was.");
        await schoolPage.FillAsync("#veld-watWeDoen", "Een vaste koffieochtend, zonder agenda.");
        await schoolPage.SelectOptionAsync("#veld-bewijsniveau", "0");
        // With a real photo (a camera JPEG made by libvips), described, with children on it and the parents' consent.
        var photoFolder = Directory.CreateTempSubdirectory("lr-foto-").FullName;
        var photo = Path.Combine(photoFolder, "ouderkoffie.jpg");
        await File.WriteAllBytesAsync(photo, TestImages.CameraJpeg(1600, 1200));
        await schoolPage.SetInputFilesAsync("#veld-afbeeldingen-bestand", photo);
        await schoolPage.FillAsync("#veld-afbeeldingen-nieuw-alt", "Ouders en de kansencoach aan de koffietafel in de aula");
        await schoolPage.GetByLabel("Er staan herkenbaar kinderen op").CheckAsync();
        await schoolPage.GetByLabel("Ouders hebben toestemming gegeven").CheckAsync();
        await schoolPage.GetByRole(AriaRole.Button, new() { Name = "Opslaan en ter beoordeling aanbieden" }).ClickAsync();
        await schoolPage.WaitForURLAsync(new Regex("/beheer/inhoud/[a-z0-9]+$"));
        var itemUrl = new Uri(schoolPage.Url).AbsolutePath;
        Assert.Contains("Ter beoordeling", await schoolPage.TextContentAsync("main"), StringComparison.Ordinal);
        await LookAsync(schoolPage, "item-ter-beoordeling", checkedPages);

        // The editor sends it back with a comment.
        var editorPage = await AcceptInvitationAsync(editor, checkedPages: null);
        await SignInAsync(editorPage, editor);
        await LookAsync(editorPage, "dashboard-redacteur", checkedPages);
        await editorPage.GetByRole(AriaRole.Link, new() { Name = "Ouderkoffie op vrijdag" }).First.ClickAsync();
        await editorPage.GetByRole(AriaRole.Link, new() { Name = "Beoordelen" }).ClickAsync();
        await LookAsync(editorPage, "beoordelen", checkedPages);
        await editorPage.FillAsync("#opmerking", "Hoeveel ouders komen er? Noem een getal.");
        await editorPage.GetByRole(AriaRole.Button, new() { Name = "Terugsturen met opmerking" }).ClickAsync();
        await editorPage.WaitForURLAsync(Url(itemUrl));

        // The school sees the comment, fixes the text and offers it again.
        await schoolPage.GotoAsync(Url("/beheer"));
        Assert.Contains("Noem een getal", await schoolPage.TextContentAsync("main"), StringComparison.Ordinal);
        await LookAsync(schoolPage, "dashboard-teruggestuurd", checkedPages);
        await schoolPage.GotoAsync(Url(itemUrl));
        await LookAsync(schoolPage, "item-teruggestuurd", checkedPages);
        // The editor with the photo: a thumbnail of the 320 px variant that really loaded, and its details.
        var thumbnail = schoolPage.Locator("#veld-afbeeldingen .media-entry img");
        Assert.Matches("^/media/[0-9a-f]{32}-320\\.jpg$", await thumbnail.GetAttributeAsync("src"));
        Assert.True(await thumbnail.EvaluateAsync<bool>("img => img.complete && img.naturalWidth === 320"));
        Assert.Equal("Ouders en de kansencoach aan de koffietafel in de aula", await schoolPage.InputValueAsync("input[name='v.afbeeldingen[0].alt']"));
        Assert.True(await schoolPage.IsCheckedAsync("input[name='v.afbeeldingen[0].toestemming']"));
        Directory.Delete(photoFolder, recursive: true);
        await schoolPage.FillAsync("#veld-watWeDoen", "Een vaste koffieochtend, zonder agenda. Er komen elke week zo'n vijftien ouders.");
        await schoolPage.GetByRole(AriaRole.Button, new() { Name = "Opslaan en ter beoordeling aanbieden" }).ClickAsync();
        await schoolPage.WaitForURLAsync(Url(itemUrl));

        // The editor sees what changed and publishes.
        await editorPage.GotoAsync(Url(itemUrl + "/beoordelen"));
        Assert.Contains("vijftien", await editorPage.TextContentAsync(".diff ins"), StringComparison.Ordinal);
        Assert.Contains("Wat er veranderde sinds het werd teruggestuurd", await editorPage.TextContentAsync("main"), StringComparison.Ordinal);
        await LookAsync(editorPage, "beoordelen-verschil", checkedPages);
        await editorPage.GetByRole(AriaRole.Button, new() { Name = "Publiceren" }).ClickAsync();
        await editorPage.WaitForURLAsync(Url(itemUrl));
        await editorPage.GotoAsync(Url(itemUrl + "/geschiedenis"));
        await editorPage.GetByRole(AriaRole.Link, new() { Name = "Verschillen van versie 2" }).ClickAsync();
        await LookAsync(editorPage, "geschiedenis", checkedPages);

        // It is on the public site.
        var visitor = await browser.NewPageAsync();
        var response = await visitor.GotoAsync(Url("/schoolpraktijken/ouderkoffie-op-vrijdag"));
        Assert.Equal(200, response!.Status);
        Assert.Contains("vijftien ouders", await visitor.TextContentAsync("main"), StringComparison.Ordinal);
        var picture = visitor.Locator("main picture img");
        Assert.Equal("Ouders en de kansencoach aan de koffietafel in de aula", await picture.GetAttributeAsync("alt"));
        await picture.ScrollIntoViewIfNeededAsync();
        Assert.True(await picture.EvaluateAsync<bool>("img => img.complete && img.naturalWidth > 0"));
        await ShotAsync(visitor, "gepubliceerd-met-foto");
        await visitor.Context.CloseAsync();

        await LookAsync(admin, "auditlog", checkedPages, "/beheer/auditlog");
        Assert.Contains("Gepubliceerd", await admin.TextContentAsync("main"), StringComparison.Ordinal);
        foreach (var page in new[] { admin, schoolPage, editorPage }) await page.Context.CloseAsync();
        Assert.True(checkedPages.Count >= 12, string.Join(", ", checkedPages));
    }

    /// <summary>Every beheer page, also those the journey does not pass: axe-core, and no sideways scrolling at 360 px.</summary>
    [Fact]
    public async Task Every_beheer_page_has_no_accessibility_violations_and_fits_a_small_screen()
    {
        var admin = await AdministratorAsync();
        await admin.GotoAsync(Url("/beheer/inhoud?soort=Intervention"));
        var item = new Uri(Url(await admin.Locator("table a[href^='/beheer/inhoud/']").First.GetAttributeAsync("href") ?? "")).AbsolutePath;
        await admin.GotoAsync(Url("/beheer/gebruikers"));
        var user = new Uri(Url(await admin.Locator("table a[href^='/beheer/gebruikers/']").First.GetAttributeAsync("href") ?? "")).AbsolutePath;
        var pages = new[]
        {
            "/beheer", "/beheer/inhoud", "/beheer/inhoud/nieuw", "/beheer/inhoud/nieuw/Intervention", "/beheer/inhoud/nieuw/Project",
            "/beheer/inhoud/nieuw/LessonLearned", item, item + "/geschiedenis", item + "/beoordelen", item + "/depubliceren", item + "/verwijderen",
            "/beheer/gebruikers", "/beheer/gebruikers/uitnodigen", user, "/beheer/auditlog", "/beheer/zoekindex", "/beheer/account",
            "/beheer/account/tweestapsverificatie", "/beheer/geen-toegang", "/beheer/api-sleutels", "/beheer/verouderd", "/beheer/nieuwsbrief",
        };
        var problems = new List<string>();
        foreach (var path in pages) problems.AddRange(await CheckAsync(admin, path));

        // The editor with messages: the error summary and the fields' errors.
        await admin.GotoAsync(Url("/beheer/inhoud/nieuw/SchoolPractice"));
        await admin.FillAsync("#veld-samenvatting", new string('x', 301));
        await admin.GetByRole(AriaRole.Button, new() { Name = "Concept opslaan" }).First.ClickAsync();
        await admin.WaitForSelectorAsync(".error-summary");
        problems.AddRange(await AxeAsync(admin, "editor met fouten"));
        await ShotAsync(admin, "editor-fouten");
        await admin.Context.CloseAsync();

        var anonymous = await browser.NewPageAsync();
        foreach (var path in new[] { "/beheer/inloggen", "/beheer/wachtwoord-vergeten", "/beheer/wachtwoord-herstellen", "/beheer/uitnodiging" })
            problems.AddRange(await CheckAsync(anonymous, path));
        await anonymous.Context.CloseAsync();
        Assert.True(problems.Count == 0, string.Join('\n', problems));
    }

    [Fact]
    public async Task The_main_beheer_pages_are_valid_HTML_by_the_W3C_Nu_checker()
    {
        var admin = await AdministratorAsync();
        await admin.GotoAsync(Url("/beheer/inhoud?soort=SchoolPractice"));
        var item = new Uri(Url(await admin.Locator("table a[href^='/beheer/inhoud/']").First.GetAttributeAsync("href") ?? "")).AbsolutePath;
        var paths = new[]
        {
            "/beheer", "/beheer/inhoud", "/beheer/inhoud/nieuw/SchoolPractice", "/beheer/inhoud/nieuw/Intervention", item, item + "/beoordelen",
            item + "/geschiedenis", "/beheer/gebruikers", "/beheer/gebruikers/uitnodigen", "/beheer/auditlog", "/beheer/account",
            "/beheer/account/tweestapsverificatie", "/beheer/api-sleutels", "/beheer/verouderd", "/beheer/zoekindex",
        };
        var pages = new List<(string Label, string Html)>();
        foreach (var path in paths)
        {
            // The page's own HTML as the server sent it (with the signed-in session's cookies), not the browser's DOM.
            var response = await admin.Context.APIRequest.GetAsync(Url(path));
            pages.Add((path, await response.TextAsync()));
        }
        var anonymous = await browser.NewPageAsync();
        foreach (var path in new[] { "/beheer/inloggen", "/beheer/wachtwoord-vergeten" })
            pages.Add((path, await (await anonymous.Context.APIRequest.GetAsync(Url(path))).TextAsync()));
        await anonymous.Context.CloseAsync();
        await admin.Context.CloseAsync();

        var messages = await NuChecker.ErrorsAsync(pages);
        Assert.True(messages.Count == 0, string.Join('\n', messages));
    }

    [Fact]
    public async Task The_editor_works_with_the_keyboard_alone()
    {
        var page = await AdministratorAsync();
        await page.GotoAsync(Url("/beheer/inhoud/nieuw/SchoolPractice"));
        await BrowserFixture.TabUntil(page, "el => el.id === 'veld-titel'", maxPresses: 200);
        await page.Keyboard.TypeAsync("Toetsenbordpraktijk");
        // Enter in a text field saves (the first button of the form), it does not ask for a preview.
        await page.Keyboard.PressAsync("Enter");
        await page.WaitForSelectorAsync(".error-summary");
        Assert.Equal("fouten", await page.EvaluateAsync<string>("() => document.activeElement.id"));
        await page.Keyboard.PressAsync("Tab");
        Assert.Equal("#veld-samenvatting", await page.EvaluateAsync<string>("() => document.activeElement.getAttribute('href')"));
        await page.Keyboard.PressAsync("Enter");
        Assert.Equal("veld-samenvatting", await page.EvaluateAsync<string>("() => document.activeElement.id"));
        await page.Keyboard.TypeAsync("Met alleen het toetsenbord ingevuld.");

        // A term is chosen with the space bar; the markdown preview opens with Enter on its button.
        await BrowserFixture.TabUntil(page, "el => el.type === 'checkbox' && el.name === 'v.themas'", maxPresses: 200);
        await page.Keyboard.PressAsync("Space");
        Assert.True(await page.EvaluateAsync<bool>("() => document.activeElement.checked"));
        await page.FocusAsync("#veld-aanleiding");
        await page.Keyboard.TypeAsync("Een **belangrijke** aanleiding.");
        await BrowserFixture.TabUntil(page, "el => el.getAttribute('data-preview') === 'veld-aanleiding'", maxPresses: 200);
        await page.Keyboard.PressAsync("Enter");
        await page.WaitForSelectorAsync("#veld-aanleiding-voorbeeld strong");
        Assert.Equal("belangrijke", await page.TextContentAsync("#veld-aanleiding-voorbeeld strong"));
        await page.Context.CloseAsync();
    }

    // --- steps -----------------------------------------------------------------------------------------------------

    /// <summary>The first administrator, signed in; the first time through the required two-factor setup.</summary>
    private async Task<IPage> AdministratorAsync()
    {
        var page = await browser.NewPageAsync();
        await page.GotoAsync(Url("/beheer/inloggen"));
        await page.FillAsync("#Input_Email", SiteProcess.AdminEmail);
        await page.FillAsync("#Input_Password", SiteProcess.AdminPassword);
        await page.GetByRole(AriaRole.Button, new() { Name = "Inloggen" }).ClickAsync();
        if (_adminKey is null)
        {
            await page.WaitForURLAsync(Url("/beheer/account/tweestapsverificatie"));
            await ShotAsync(page, "tweestaps-instellen");
            Assert.Empty(await AxeAsync(page, "tweestapsverificatie instellen"));
            _adminKey = (await page.TextContentAsync("#sleutel"))!.Replace(" ", "", StringComparison.Ordinal);
            await page.FillAsync("#Input_Code", Totp.Code(_adminKey, DateTimeOffset.UtcNow));
            await page.GetByRole(AriaRole.Button, new() { Name = "Controleren en aanzetten" }).ClickAsync();
            await page.WaitForSelectorAsync("#herstelcodes");
            await ShotAsync(page, "herstelcodes");
            await page.GetByRole(AriaRole.Link, new() { Name = "Verder naar het beheer" }).ClickAsync();
        }
        else
        {
            await page.WaitForURLAsync(new Regex("/beheer/tweestaps"));
            await ShotAsync(page, "tweestaps-inloggen");
            Assert.Empty(await AxeAsync(page, "tweestaps"));
            await page.FillAsync("#Input_Code", Totp.Code(_adminKey, DateTimeOffset.UtcNow));
            await page.GetByRole(AriaRole.Button, new() { Name = "Inloggen" }).ClickAsync();
        }
        await page.WaitForURLAsync(Url("/beheer"));
        return page;
    }

    private static async Task InviteAsync(IPage admin, string email, string role, string organisation)
    {
        await admin.GotoAsync(admin.Url.Split("/beheer")[0] + "/beheer/gebruikers/uitnodigen");
        await admin.FillAsync("#Input_Email", email);
        await admin.CheckAsync($"#rol-{role}");
        await admin.FillAsync("#Input_Organisation", organisation);
        await admin.GetByRole(AriaRole.Button, new() { Name = "Uitnodiging versturen" }).ClickAsync();
        await admin.WaitForURLAsync(new Regex("/beheer/gebruikers$"));
        Assert.Contains(email, await admin.TextContentAsync("main"), StringComparison.Ordinal);
    }

    private async Task<IPage> AcceptInvitationAsync(string email, List<string>? checkedPages)
    {
        var mail = Directory.GetFiles(Path.Combine(browser.Site.DataPath, "mail"), "*.eml").Select(f => MimeMessage.Load(f))
            .Single(m => m.To.Mailboxes.Any(a => a.Address == email));
        var link = InvitationLink().Match(mail.TextBody ?? "").Value;
        Assert.False(string.IsNullOrEmpty(link), "invitation link in the mail");
        var page = await browser.NewPageAsync();
        await page.GotoAsync(link);
        if (checkedPages is not null) await LookAsync(page, "uitnodiging-aannemen", checkedPages);
        await page.FillAsync("#Input_Password", Password);
        await page.FillAsync("#Input_Repeat", Password);
        await page.GetByRole(AriaRole.Button, new() { Name = "Wachtwoord opslaan" }).ClickAsync();
        await page.WaitForURLAsync(new Regex("/beheer/inloggen"));
        if (checkedPages is not null) await LookAsync(page, "inloggen-na-uitnodiging", checkedPages);
        return page;
    }

    private static async Task SignInAsync(IPage page, string email)
    {
        await page.FillAsync("#Input_Email", email);
        await page.FillAsync("#Input_Password", Password);
        await page.GetByRole(AriaRole.Button, new() { Name = "Inloggen" }).ClickAsync();
        await page.WaitForURLAsync(new Regex("/beheer$"));
    }

    /// <summary>Looks at a page as a reviewer would: a screenshot to view, and axe-core with zero violations.</summary>
    private async Task LookAsync(IPage page, string name, List<string> checkedPages, string? path = null)
    {
        if (path is not null) await page.GotoAsync(Url(path));
        await ShotAsync(page, name);
        var violations = await AxeAsync(page, name);
        Assert.True(violations.Count == 0, string.Join('\n', violations));
        checkedPages.Add(name);
    }

    private async Task<IReadOnlyList<string>> CheckAsync(IPage page, string path)
    {
        await page.SetViewportSizeAsync(1280, 900);
        await page.GotoAsync(Url(path));
        var problems = (await AxeAsync(page, path)).ToList();
        await ShotAsync(page, ShotName(path));
        await page.SetViewportSizeAsync(360, 740);
        var overflow = await page.EvaluateAsync<int>("() => document.documentElement.scrollWidth - document.documentElement.clientWidth");
        if (overflow > 0)
        {
            var culprit = await page.EvaluateAsync<string>("""
                () => [...document.querySelectorAll('body *')].filter(e => e.getBoundingClientRect().right > document.documentElement.clientWidth + 1)
                      .slice(0, 3).map(e => e.tagName + '.' + e.className + '#' + e.id).join(', ')
                """);
            problems.Add($"{path} is {overflow}px too wide at 360px: {culprit}");
        }
        await page.SetViewportSizeAsync(1280, 900);
        return problems;
    }

    // "/beheer/inhoud/intervention-x/geschiedenis" → "pagina-inhoud-item-geschiedenis": stable names, one file per page kind.
    private static string ShotName(string path)
    {
        var parts = path.Trim('/').Split('/').Skip(1).ToList();
        if (parts is ["inhoud", var id, ..] && id != "nieuw") parts[1] = "item";
        if (parts is ["gebruikers", var user] && user != "uitnodigen") parts[1] = "gebruiker";
        return "pagina-" + (parts.Count == 0 ? "overzicht" : string.Join('-', parts));
    }

    private static async Task<IReadOnlyList<string>> AxeAsync(IPage page, string name)
    {
        var result = await page.RunAxe(Wcag21AA);
        return [.. result.Violations.Select(v => $"{name}: {v.Id} ({v.Impact}): {v.Help} — {string.Join(" | ", v.Nodes.Take(3).Select(n => n.Html))}")];
    }

    private static async Task ShotAsync(IPage page, string name)
    {
        var file = Path.Combine(BrowserFixture.ScreenshotFolder, $"beheer-{name.Trim('-')}.png");
        await page.ScreenshotAsync(new() { Path = file, FullPage = true });
    }


    [GeneratedRegex(@"https?://\S+/beheer/uitnodiging\?\S+")]
    private static partial Regex InvitationLink();
}
