using LerendeRegio.Web.Content;
using LerendeRegio.Web.Media;
using LerendeRegio.Web.Newsletter;
using Microsoft.Extensions.Options;

namespace LerendeRegio.IntegrationTests;

/// <summary>A digest shows an item's uploaded photo as a JPEG no wider than the mail's column.</summary>
public sealed class DigestImageTests(SqliteSite site) : IClassFixture<SqliteSite>
{
    [Fact]
    public async Task A_published_practice_with_a_photo_shows_its_640_px_jpeg_in_the_digest()
    {
        await using var scope = site.Scope();
        var upload = await site.Get<MediaLibrary>(scope).UploadAsync(new MediaUpload(
            new MemoryStream(TestImages.CameraJpeg(2000, 1500)), "klas.jpg", "Leerlingen lezen voor", ShowsChildren: false, ParentalConsent: false, Owner: null));
        var asset = upload.Asset!;
        var template = (await site.Get<ContentQueries>(scope).GetAllPublishedAsync("SchoolPractice"))[0];
        var fields = template.Fields.DeepClone().AsObject();
        fields["afbeeldingen"] = new System.Text.Json.Nodes.JsonArray(new System.Text.Json.Nodes.JsonObject { ["mediaId"] = asset.Id });
        var zone = site.Get<IOptions<NewsletterOptions>>(scope).Value.Zone;
        var period = DigestPeriod.Containing(DateTime.UtcNow, zone);
        var item = await site.Get<ContentManager>(scope).CreateAsync("SchoolPractice", new ContentEdit("Voorlezen met foto", null, fields),
            new CreateOptions { Publish = true, PublishedUtc = DateTime.UtcNow });

        var edition = await site.Get<DigestEditions>(scope).LoadAsync(period);

        var digestItem = Assert.Single(edition.Items, i => i.ContentItemId == item.ContentItemId);
        Assert.EndsWith(MediaUrls.Variant(asset, 640, "jpg"), digestItem.ImageUrl, StringComparison.Ordinal);
        Assert.StartsWith("http", digestItem.ImageUrl, StringComparison.Ordinal);
    }
}
