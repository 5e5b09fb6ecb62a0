using System.Net;
using System.Net.Http.Headers;
using System.Text.RegularExpressions;
using AngleSharp.Html.Dom;
using AngleSharp.Html.Parser;
using LerendeRegio.Web.Accounts;
using LerendeRegio.Web.Content;
using LerendeRegio.Web.Data;
using LerendeRegio.Web.Media;
using Microsoft.EntityFrameworkCore;

namespace LerendeRegio.IntegrationTests;

/// <summary>The media widget of the generated editor: upload with the item's save, details per file, refusals next to the field, consent.</summary>
public sealed partial class MediaEditorTests(SqliteSite site) : IClassFixture<SqliteSite>
{
    private const string NewPractice = "/beheer/inhoud/nieuw/SchoolPractice";

    private sealed record Upload(byte[] Bytes, string FileName, string ContentType);

    /// <summary>Posts an editor form the way a browser does with enctype multipart/form-data (token from the form's page).</summary>
    private static async Task<HttpResponseMessage> PostEditorAsync(HttpClient client, string url, IEnumerable<KeyValuePair<string, string>> fields, Upload? file = null)
    {
        var page = await client.GetStringAsync(url);
        var form = new MultipartFormDataContent
        {
            { new StringContent(WebUtility.HtmlDecode(TokenPattern().Match(page).Groups[1].Value)), "__RequestVerificationToken" },
        };
        foreach (var (name, value) in fields) form.Add(new StringContent(value), name);
        // A browser sends the file input even when nothing was chosen: an empty part without a file name.
        var content = new ByteArrayContent(file?.Bytes ?? []);
        content.Headers.ContentType = new MediaTypeHeaderValue(file?.ContentType ?? "application/octet-stream");
        content.Headers.ContentDisposition = new ContentDispositionHeaderValue("form-data") { Name = "\"v.afbeeldingen.bestand\"", FileName = $"\"{file?.FileName}\"" };
        form.Add(content);
        return await client.PostAsync(url, form);
    }

    private static Upload Photo() => new(TestImages.CameraJpeg(1200, 900), "ouderkoffie.jpg", "image/jpeg");

    private async Task<(int Rows, int Files)> StoredAsync()
    {
        await using var scope = site.Scope();
        var rows = await site.Get<LerendeRegioDbContext>(scope).Set<MediaAsset>().CountAsync();
        var folder = Path.Combine(site.DataPath, "media");
        var files = Directory.Exists(folder) ? Directory.GetFiles(folder, "*", SearchOption.AllDirectories).Count(f => !f.Contains(Path.DirectorySeparatorChar + ".tmp" + Path.DirectorySeparatorChar, StringComparison.Ordinal)) : 0;
        return (rows, files);
    }

    private async Task<MediaAsset> AssetOfAsync(string itemId)
    {
        await using var scope = site.Scope();
        var item = await site.Get<ContentManager>(scope).GetAsync(itemId, VersionOptions.Latest);
        var mediaId = (string)item!.Fields["afbeeldingen"]![0]!["mediaId"]!;
        return await site.Get<LerendeRegioDbContext>(scope).Set<MediaAsset>().AsNoTracking().SingleAsync(a => a.Id == mediaId);
    }

    private static async Task<IHtmlDocument> ParseAsync(HttpResponseMessage response) => await new HtmlParser().ParseDocumentAsync(await response.Content.ReadAsStringAsync());

    private static string ItemId(HttpResponseMessage response)
    {
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        return response.Headers.Location!.OriginalString.Split('/')[^1];
    }

    [Fact]
    public async Task A_photo_uploaded_in_the_editor_becomes_an_entry_with_a_thumbnail_and_the_published_page_shows_the_picture()
    {
        var author = await site.SignedInClientAsync(await site.CreateUserAsync(Roles.Auteur, "OBS De Linde"));
        var title = $"Ouderkoffie met foto {Guid.NewGuid():N}"[..30];
        var created = await PostEditorAsync(author, NewPractice, [.. BeheerForms.Practice(title, "publiceren"),
            new("v.afbeeldingen.alt", "Ouders aan de koffietafel in de aula")], Photo());
        var id = ItemId(created);

        var asset = await AssetOfAsync(id);
        Assert.Equal("Ouders aan de koffietafel in de aula", asset.AltText);
        Assert.False(asset.ShowsChildren);

        // The editor shows the file as a thumbnail (the 320 px variant) with its details and a way to remove it.
        var editor = await new HtmlParser().ParseDocumentAsync(await author.GetStringAsync($"/beheer/inhoud/{id}"));
        Assert.Equal("multipart/form-data", editor.QuerySelector("form:has(#veld-titel)")!.GetAttribute("enctype"));
        var entry = Assert.Single(editor.QuerySelectorAll("#veld-afbeeldingen .media-entry"));
        Assert.Equal($"/media/{asset.FileKey}-320.jpg", entry.QuerySelector("img")!.GetAttribute("src"));
        Assert.Equal("Ouders aan de koffietafel in de aula", ((IHtmlInputElement)entry.QuerySelector("input[name='v.afbeeldingen[0].alt']")!).Value);
        Assert.NotNull(entry.QuerySelector("input[name='v.afbeeldingen[0].kinderen']"));
        Assert.NotNull(entry.QuerySelector("input[name='v.afbeeldingen[0].toestemming']"));
        Assert.Contains("Verwijderen", entry.TextContent, StringComparison.Ordinal);
        var upload = (IHtmlInputElement)editor.QuerySelector("#veld-afbeeldingen input[type=file]")!;
        Assert.Equal("image/jpeg,image/png,image/webp,application/pdf", upload.Accept);
        Assert.DoesNotContain("media-placeholder", editor.Body!.InnerHtml, StringComparison.Ordinal);

        var publicUrl = editor.QuerySelectorAll("a").Single(a => a.TextContent == "Bekijk op de site").GetAttribute("href")!;
        var publicPage = await new HtmlParser().ParseDocumentAsync(await site.CreateClient().GetStringAsync(publicUrl));
        var img = (IHtmlImageElement)Assert.Single(publicPage.QuerySelectorAll("picture img"));
        Assert.Equal("Ouders aan de koffietafel in de aula", img.AlternativeText);
        Assert.Contains($"/media/{asset.FileKey}-", img.Source, StringComparison.Ordinal);

        // Changing the alt text in the editor changes the file's details; ticking "Verwijderen" takes the entry out.
        var revision = await author.RevisionAsync($"/beheer/inhoud/{id}");
        var changed = await PostEditorAsync(author, $"/beheer/inhoud/{id}", [.. BeheerForms.Practice(title, "opslaan"), new("revisie", revision),
            new("v.afbeeldingen.rijen", "1"), new("v.afbeeldingen[0].mediaId", asset.Id), new("v.afbeeldingen[0].alt", "Zes ouders en de kansencoach aan tafel")]);
        Assert.Equal(HttpStatusCode.Redirect, changed.StatusCode);
        Assert.Equal("Zes ouders en de kansencoach aan tafel", (await AssetOfAsync(id)).AltText);
        var removed = await PostEditorAsync(author, $"/beheer/inhoud/{id}", [.. BeheerForms.Practice(title, "opslaan"), new("revisie", await author.RevisionAsync($"/beheer/inhoud/{id}")),
            new("v.afbeeldingen.rijen", "1"), new("v.afbeeldingen[0].mediaId", asset.Id), new("v.afbeeldingen[0].alt", "Zes ouders en de kansencoach aan tafel"),
            new("verwijder", "afbeeldingen[0]")]);
        Assert.Equal(HttpStatusCode.Redirect, removed.StatusCode);
        await using var scope = site.Scope();
        Assert.Null((await site.Get<ContentManager>(scope).GetAsync(id, VersionOptions.Latest))!.Fields["afbeeldingen"]);
    }

    [Fact]
    public async Task A_renamed_program_is_refused_next_to_the_media_field_keeps_what_was_typed_and_stores_nothing()
    {
        var school = await site.SignedInClientAsync(await site.CreateUserAsync(Roles.Bijdrager, "OBS De Vlier"));
        var before = await StoredAsync();
        var title = "Voorleesochtend met opa's en oma's";
        var response = await PostEditorAsync(school, NewPractice, [.. BeheerForms.Practice(title), new("v.afbeeldingen.alt", "Een opa leest voor")],
            new Upload(TestImages.WindowsProgram(), "voorlezen.jpg", "image/jpeg"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var html = await ParseAsync(response);
        var message = html.QuerySelector("#veld-afbeeldingen .form-field__error")?.TextContent ?? "";
        Assert.Contains("Dit bestand is een programma, geen afbeelding of PDF.", message, StringComparison.Ordinal);
        Assert.Contains("Dit bestand is een programma", html.QuerySelector(".error-summary a[href='#veld-afbeeldingen']")?.TextContent ?? "", StringComparison.Ordinal);
        Assert.Equal(title, ((IHtmlInputElement)html.QuerySelector("#veld-titel")!).Value);
        Assert.Equal("OBS De Testschool", ((IHtmlInputElement)html.QuerySelector("#veld-schoolNaam")!).Value);
        Assert.Equal("Een opa leest voor", ((IHtmlInputElement)html.QuerySelector("input[name='v.afbeeldingen.alt']")!).Value);
        Assert.Equal(before, await StoredAsync());
        await using var scope = site.Scope();
        Assert.False(await site.Get<LerendeRegioDbContext>(scope).ContentItems.AnyAsync(i => i.DisplayText == title));
    }

    [Fact]
    public async Task A_photo_needs_alt_text_when_uploaded_and_keeps_needing_it_afterwards()
    {
        var school = await site.SignedInClientAsync(await site.CreateUserAsync(Roles.Bijdrager, "OBS Het Baken"));
        var before = await StoredAsync();
        var noAlt = await PostEditorAsync(school, NewPractice, BeheerForms.Practice("Schoolplein open op woensdag"), Photo());
        Assert.Equal(HttpStatusCode.BadRequest, noAlt.StatusCode);
        var html = await ParseAsync(noAlt);
        Assert.Contains("Beschrijf in de alt-tekst wat er op de afbeelding te zien is", html.QuerySelector("#veld-afbeeldingen .form-field__error")?.TextContent ?? "", StringComparison.Ordinal);
        Assert.Equal(before, await StoredAsync());

        var id = ItemId(await PostEditorAsync(school, NewPractice, [.. BeheerForms.Practice("Schoolplein open op woensdag"), new("v.afbeeldingen.alt", "Het schoolplein met een klimrek")], Photo()));
        var asset = await AssetOfAsync(id);
        var cleared = await PostEditorAsync(school, $"/beheer/inhoud/{id}", [.. BeheerForms.Practice("Schoolplein open op woensdag, ook in de zomer"),
            new("revisie", await school.RevisionAsync($"/beheer/inhoud/{id}")), new("v.afbeeldingen.rijen", "1"), new("v.afbeeldingen[0].mediaId", asset.Id), new("v.afbeeldingen[0].alt", " ")]);
        Assert.Equal(HttpStatusCode.BadRequest, cleared.StatusCode);
        html = await ParseAsync(cleared);
        Assert.Contains("beschrijf in de alt-tekst wat er op 'ouderkoffie.jpg' te zien is", html.QuerySelector("#veld-afbeeldingen .form-field__error")?.TextContent ?? "", StringComparison.Ordinal);
        Assert.Equal("Schoolplein open op woensdag, ook in de zomer", ((IHtmlInputElement)html.QuerySelector("#veld-titel")!).Value);
        Assert.Equal("Het schoolplein met een klimrek", (await AssetOfAsync(id)).AltText);
        await using var scope = site.Scope();
        Assert.Equal("Schoolplein open op woensdag", (await site.Get<ContentManager>(scope).GetAsync(id, VersionOptions.Latest))!.DisplayText);
    }

    [Fact]
    public async Task A_photo_with_recognisable_children_is_published_only_after_consent_is_ticked()
    {
        var author = await site.SignedInClientAsync(await site.CreateUserAsync(Roles.Auteur, "OBS De Regenboog"));
        var title = $"Kleuters op de kinderboerderij {Guid.NewGuid():N}"[..40];
        var created = await PostEditorAsync(author, NewPractice, [.. BeheerForms.Practice(title, "publiceren"),
            new("v.afbeeldingen.alt", "Kleuters voeren een geit"), new("v.afbeeldingen.kinderen", "true")], Photo());
        var id = ItemId(created);
        var asset = await AssetOfAsync(id);
        Assert.True(asset.ShowsChildren);
        Assert.False(asset.ParentalConsent);

        var url = $"/beheer/inhoud/{id}";
        Assert.Contains("zijn kinderen herkenbaar", WebUtility.HtmlDecode(await author.GetStringAsync(url)), StringComparison.Ordinal);
        List<KeyValuePair<string, string>> Entry(bool consent) =>
        [
            new("v.afbeeldingen.rijen", "1"), new("v.afbeeldingen[0].mediaId", asset.Id), new("v.afbeeldingen[0].alt", "Kleuters voeren een geit"),
            new("v.afbeeldingen[0].kinderen", "true"), .. consent ? [new KeyValuePair<string, string>("v.afbeeldingen[0].toestemming", "true")] : Array.Empty<KeyValuePair<string, string>>(),
        ];

        var refused = await PostEditorAsync(author, url, [.. BeheerForms.Practice(title, "publiceren"), new("revisie", await author.RevisionAsync(url)), .. Entry(consent: false)]);
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        var html = await ParseAsync(refused);
        Assert.Contains("Afbeeldingen: op 'ouderkoffie.jpg' zijn kinderen herkenbaar. Bevestig eerst dat de ouders toestemming hebben gegeven",
            html.QuerySelector("#veld-afbeeldingen .form-field__error")?.TextContent ?? "", StringComparison.Ordinal);
        await using (var scope = site.Scope())
            Assert.Null(await site.Get<ContentManager>(scope).GetAsync(id, VersionOptions.Published));

        var published = await PostEditorAsync(author, url, [.. BeheerForms.Practice(title, "publiceren"), new("revisie", await author.RevisionAsync(url)), .. Entry(consent: true)]);
        Assert.Equal(HttpStatusCode.Redirect, published.StatusCode);
        Assert.True((await AssetOfAsync(id)).ParentalConsent);
        var editor = await new HtmlParser().ParseDocumentAsync(await author.GetStringAsync(url));
        Assert.True(((IHtmlInputElement)editor.QuerySelector("input[name='v.afbeeldingen[0].toestemming']")!).IsChecked);
        var publicUrl = editor.QuerySelectorAll("a").Single(a => a.TextContent == "Bekijk op de site").GetAttribute("href")!;
        Assert.Contains("alt=\"Kleuters voeren een geit\"", await site.CreateClient().GetStringAsync(publicUrl), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_file_over_the_limit_but_over_kestrels_default_body_size_arrives_and_is_refused_next_to_the_field()
    {
        var school = await site.SignedInClientAsync(await site.CreateUserAsync(Roles.Bijdrager, "OBS De Esch"));
        var before = await StoredAsync();
        // 29 MB: more than Kestrel's and IIS's default of 30 000 000 bytes for a whole request, less than the editor allows.
        var big = new byte[29 * 1024 * 1024];
        new byte[] { 0xFF, 0xD8, 0xFF, 0xE0 }.CopyTo(big, 0);
        var response = await PostEditorAsync(school, NewPractice, [.. BeheerForms.Practice("Zomerfeest op het plein"), new("v.afbeeldingen.alt", "Het plein")],
            new Upload(big, "zomerfeest.jpg", "image/jpeg"));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var html = await ParseAsync(response);
        Assert.Contains("Een afbeelding mag hoogstens 20 MB zijn.", html.QuerySelector("#veld-afbeeldingen .form-field__error")?.TextContent ?? "", StringComparison.Ordinal);
        Assert.Equal("Zomerfeest op het plein", ((IHtmlInputElement)html.QuerySelector("#veld-titel")!).Value);
        Assert.Equal(before, await StoredAsync());

        // Far beyond it the post is not read at all, with a Dutch page rather than a reset connection or a 500.
        var huge = await PostEditorAsync(school, NewPractice, BeheerForms.Practice("Zomerfeest op het plein"), new Upload(new byte[42 * 1024 * 1024], "film.jpg", "image/jpeg"));
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, huge.StatusCode);
        Assert.Contains("Te groot om te versturen", await huge.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [GeneratedRegex("name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"")]
    private static partial Regex TokenPattern();
}
