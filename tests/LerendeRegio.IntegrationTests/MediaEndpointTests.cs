using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using AngleSharp.Html.Dom;
using AngleSharp.Html.Parser;
using LerendeRegio.Web.Accounts;
using LerendeRegio.Web.Content;
using LerendeRegio.Web.Data;
using LerendeRegio.Web.Media;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace LerendeRegio.IntegrationTests;

/// <summary>Upload over HTTP (sign-in, antiforgery, problem+json), the public files and their headers, and the picture on a detail page.</summary>
public sealed partial class MediaEndpointTests(SqliteSite site) : IClassFixture<SqliteSite>
{
    private const string Immutable = "public, max-age=31536000, immutable";

    private static MultipartFormDataContent Form(byte[] file, string fileName, string contentType, string? alt, string? token, bool children = false, bool consent = false)
    {
        var form = new MultipartFormDataContent();
        if (token is not null) form.Add(new StringContent(token), "__RequestVerificationToken");
        if (alt is not null) form.Add(new StringContent(alt), "alt");
        if (children) form.Add(new StringContent("on"), "showsChildren");
        if (consent) form.Add(new StringContent("true"), "parentalConsent");
        var content = new ByteArrayContent(file);
        content.Headers.ContentType = new MediaTypeHeaderValue(contentType);
        form.Add(content, "file", fileName);
        return form;
    }

    /// <summary>A signed-in contributor (Bijdrager) and an antiforgery token from a staff page, as the editor will have them.</summary>
    private async Task<(HttpClient Client, string Token)> Contributor()
    {
        var client = await site.SignedInClientAsync(await site.CreateUserAsync(Roles.Bijdrager));
        var page = await client.GetStringAsync("/beheer");
        return (client, WebUtility.HtmlDecode(TokenPattern().Match(page).Groups[1].Value));
    }

    private async Task<int> RowCount()
    {
        await using var scope = site.Scope();
        return await site.Get<LerendeRegioDbContext>(scope).Set<MediaAsset>().CountAsync();
    }

    private static async Task<JsonObject> Problem(HttpResponseMessage response, HttpStatusCode status)
    {
        Assert.Equal(status, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        return JsonNode.Parse(await response.Content.ReadAsStringAsync())!.AsObject();
    }

    [Fact]
    public async Task An_anonymous_upload_is_sent_to_sign_in_and_stores_nothing()
    {
        var rows = await RowCount();
        var client = site.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        var response = await client.PostAsync(MediaApi.UploadPath, Form(TestImages.SmallWebp(200, 100), "a.webp", "image/webp", "Foto", token: null));
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.StartsWith("http://localhost/beheer/inloggen", response.Headers.Location!.ToString(), StringComparison.Ordinal);
        Assert.Equal(rows, await RowCount());
    }

    [Fact]
    public async Task A_signed_in_user_without_the_permission_is_refused()
    {
        var email = $"zonder-rol-{Guid.NewGuid():N}@lerenderegio.test";
        await using (var scope = site.Scope())
        {
            var users = scope.ServiceProvider.GetRequiredService<UserManager<IdentityUser>>();
            Assert.True((await users.CreateAsync(new IdentityUser { UserName = email, Email = email, EmailConfirmed = true }, StaffSession.Password)).Succeeded);
        }
        var client = await site.SignedInClientAsync(email);
        var token = WebUtility.HtmlDecode(TokenPattern().Match(await client.GetStringAsync("/beheer")).Groups[1].Value);
        var rows = await RowCount();
        var response = await client.PostAsync(MediaApi.UploadPath, Form(TestImages.SmallWebp(200, 100), "a.webp", "image/webp", "Foto", token));
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Contains("/beheer/geen-toegang", response.Headers.Location!.ToString(), StringComparison.Ordinal);
        Assert.Equal(rows, await RowCount());
    }

    [Fact]
    public async Task A_contributor_uploads_a_photo_and_gets_its_id_and_variant_urls_served_immutable()
    {
        var (client, token) = await Contributor();
        var response = await client.PostAsync(MediaApi.UploadPath, Form(TestImages.CameraJpeg(2000, 1500), "schoolplein.jpg", "image/jpeg", "Kinderen op het schoolplein", token, children: true, consent: true));

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var json = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        var id = (string)json["id"]!;
        Assert.Equal("Image", (string?)json["kind"]);
        Assert.Equal(1500, (int)json["width"]!);
        Assert.Equal(2000, (int)json["height"]!);
        Assert.True((bool)json["showsChildren"]!);
        Assert.True((bool)json["parentalConsent"]!);
        var variants = json["variants"]!.AsArray();
        Assert.Equal([320, 640, 1280], variants.Select(v => (int)v!["width"]!));
        Assert.Equal((string?)json["url"], response.Headers.Location?.ToString());

        await using (var scope = site.Scope())
        {
            var asset = await site.Get<LerendeRegioDbContext>(scope).Set<MediaAsset>().SingleAsync(a => a.Id == id);
            var userId = (await scope.ServiceProvider.GetRequiredService<UserManager<IdentityUser>>().Users.SingleAsync(u => u.Id == asset.Owner)).Id;
            Assert.Equal(userId, asset.Owner);
        }

        var anonymous = site.CreateClient();
        foreach (var variant in variants)
        {
            foreach (var (key, type) in new[] { ("webp", "image/webp"), ("jpeg", "image/jpeg") })
            {
                var file = await anonymous.GetAsync((string)variant![key]!);
                Assert.Equal(HttpStatusCode.OK, file.StatusCode);
                Assert.Equal(type, file.Content.Headers.ContentType?.MediaType);
                Assert.Equal(Immutable, file.Headers.CacheControl?.ToString());
                Assert.Equal("nosniff", file.Headers.GetValues("X-Content-Type-Options").Single());
                Assert.NotNull(file.Headers.ETag);
                using var image = NetVips.Image.NewFromBuffer(await file.Content.ReadAsByteArrayAsync());
                Assert.Equal((int)variant["width"]!, image.Width);
            }
        }
    }

    [Fact]
    public async Task Refusals_are_problem_json_in_Dutch_with_the_fitting_status()
    {
        var (client, token) = await Contributor();
        var rows = await RowCount();

        var program = await Problem(await client.PostAsync(MediaApi.UploadPath, Form(TestImages.WindowsProgram(), "foto.jpg", "image/jpeg", "Foto", token)), HttpStatusCode.UnsupportedMediaType);
        Assert.Equal("Programma niet toegestaan", (string?)program["title"]);
        Assert.Equal("Executable refused", (string?)program["titleEn"]);

        var noAlt = await Problem(await client.PostAsync(MediaApi.UploadPath, Form(TestImages.SmallWebp(200, 100), "a.webp", "image/webp", alt: null, token)), HttpStatusCode.BadRequest);
        Assert.Equal("Alt-tekst ontbreekt", (string?)noAlt["title"]);
        Assert.Contains("alt-tekst", (string?)noAlt["errors"]!["alt"]![0]);

        var bomb = await Problem(await client.PostAsync(MediaApi.UploadPath, Form(TestImages.PngBomb(50_000, 50_000), "bom.png", "image/png", "Bom", token)), HttpStatusCode.RequestEntityTooLarge);
        Assert.Equal("Afbeelding te groot", (string?)bomb["title"]);

        var big = new byte[21 * 1024 * 1024];
        TestImages.SmallWebp(10, 10).CopyTo(big, 0);
        var tooLarge = await Problem(await client.PostAsync(MediaApi.UploadPath, Form(big, "groot.webp", "image/webp", "Groot", token)), HttpStatusCode.RequestEntityTooLarge);
        Assert.Equal("Bestand te groot", (string?)tooLarge["title"]);

        var noFile = new MultipartFormDataContent { { new StringContent(token), "__RequestVerificationToken" }, { new StringContent("Foto"), "alt" } };
        Assert.Equal("Geen bestand", (string?)(await Problem(await client.PostAsync(MediaApi.UploadPath, noFile), HttpStatusCode.BadRequest))["title"]);

        var forged = await Problem(await client.PostAsync(MediaApi.UploadPath, Form(TestImages.SmallWebp(200, 100), "a.webp", "image/webp", "Foto", token: null)), HttpStatusCode.BadRequest);
        Assert.Equal("Formulier verlopen", (string?)forged["title"]);

        Assert.Equal(rows, await RowCount());
    }

    [Fact]
    public async Task A_pdf_is_served_as_a_download_with_nosniff_and_a_sandbox()
    {
        var (client, token) = await Contributor();
        var response = await client.PostAsync(MediaApi.UploadPath, Form(TestImages.Pdf(), "Jaarverslag 2026.pdf", "application/pdf", alt: null, token));
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var url = (string)JsonNode.Parse(await response.Content.ReadAsStringAsync())!["url"]!;
        Assert.EndsWith("/jaarverslag-2026.pdf", url, StringComparison.Ordinal);

        var file = await site.CreateClient().GetAsync(url);
        Assert.Equal(HttpStatusCode.OK, file.StatusCode);
        Assert.Equal("application/pdf", file.Content.Headers.ContentType?.MediaType);
        Assert.Equal("attachment", file.Content.Headers.ContentDisposition?.DispositionType);
        Assert.Equal("jaarverslag-2026.pdf", file.Content.Headers.ContentDisposition?.FileName?.Trim('"'));
        Assert.Equal("nosniff", file.Headers.GetValues("X-Content-Type-Options").Single());
        Assert.StartsWith("sandbox", file.Headers.GetValues("Content-Security-Policy").Single(), StringComparison.Ordinal);
        Assert.Equal(Immutable, file.Headers.CacheControl?.ToString());
        Assert.Equal(TestImages.Pdf(), await file.Content.ReadAsByteArrayAsync());
    }

    [Theory]
    [InlineData("/media/0123456789abcdef0123456789abcdef-640.webp")]
    [InlineData("/media/0123456789abcdef0123456789abcdef.pdf")]
    [InlineData("/media/..%2f..%2flerende-regio.db")]
    [InlineData("/media/lerende-regio.db")]
    [InlineData("/media/.tmp/upload")]
    [InlineData("/media/0123456789abcdef0123456789abcdef/..%2f..%2flerende-regio.db")]
    public async Task Only_stored_files_are_served(string url)
    {
        var response = await site.CreateClient().GetAsync(url);
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    [Fact]
    public async Task A_detail_page_shows_a_responsive_picture_with_webp_jpeg_fallback_size_and_alt()
    {
        MediaAsset photo;
        string slug;
        await using (var scope = site.Scope())
        {
            photo = (await site.Get<MediaLibrary>(scope).UploadAsync(new MediaUpload(new MemoryStream(TestImages.CameraJpeg(1600, 1200)), "ouderavond.jpg",
                "Ouders en leerkrachten in gesprek aan een lange tafel", ShowsChildren: false, ParentalConsent: false, Owner: null))).Asset!;
            var manager = site.Get<ContentManager>(scope);
            var seed = await manager.GetAsync("practice-kansencoach-als-brug-naar-ouders");
            var fields = seed!.Fields.DeepClone().AsObject();
            fields["afbeeldingen"] = new JsonArray(new JsonObject { ["mediaId"] = photo.Id });
            slug = (await manager.CreateAsync("SchoolPractice", new ContentEdit("Ouderavond met beeld", null, fields), new CreateOptions { Publish = true })).Slug;
        }

        var client = site.CreateClient();
        var html = await new HtmlParser().ParseDocumentAsync(await client.GetStringAsync($"/schoolpraktijken/{slug}"));
        var picture = Assert.Single(html.QuerySelectorAll("picture"));
        var source = Assert.IsAssignableFrom<IHtmlSourceElement>(picture.QuerySelector("source"));
        Assert.Equal("image/webp", source.Type);
        Assert.Equal(MediaHtml.Sizes, source.Sizes);
        Assert.Equal($"/media/{photo.FileKey}-320.webp 320w, /media/{photo.FileKey}-640.webp 640w, /media/{photo.FileKey}-1200.webp 1200w", source.SourceSet);
        var img = Assert.IsAssignableFrom<IHtmlImageElement>(picture.QuerySelector("img"));
        Assert.Equal($"/media/{photo.FileKey}-640.jpg", img.GetAttribute("src"));
        Assert.Contains($"/media/{photo.FileKey}-1200.jpg 1200w", img.GetAttribute("srcset"), StringComparison.Ordinal);
        Assert.Equal(MediaHtml.Sizes, img.GetAttribute("sizes"));
        // Upright the photo is 1200 × 1600: its widest variant is its own width, not an upscaled 1280.
        Assert.Equal("1200", img.GetAttribute("width"));
        Assert.Equal("1600", img.GetAttribute("height"));
        Assert.Equal("lazy", img.GetAttribute("loading"));
        Assert.Equal("Ouders en leerkrachten in gesprek aan een lange tafel", img.AlternativeText);
        foreach (var url in Regex.Matches(source.SourceSet! + ", " + img.GetAttribute("srcset"), "/media/[^ ]+").Select(m => m.Value))
            Assert.Equal(HttpStatusCode.OK, (await client.GetAsync(url)).StatusCode);
    }

    [GeneratedRegex("name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"")]
    private static partial Regex TokenPattern();
}
