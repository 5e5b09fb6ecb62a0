using LerendeRegio.Web.Accounts;
using LerendeRegio.Web.Api;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Options;
using Microsoft.Net.Http.Headers;

namespace LerendeRegio.Web.Media;

/// <summary>Upload for staff (<c>POST /beheer/media</c>) and the public, immutable files (<c>GET /media/…</c>).</summary>
public static class MediaApi
{
    public const string UploadPath = "/beheer/media";

    /// <summary>Room in a request for the form fields and multipart boundaries besides the file.</summary>
    private const long FormOverhead = 64 * 1024;

    private const string ImmutableCache = "public, max-age=31536000, immutable";

    public static IEndpointRouteBuilder MapMediaEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapPost(UploadPath, UploadAsync)
            .RequireAuthorization(Permissions.EditOwnContent)
            // Checked in the handler, after the form is read, so a stale form gets a Dutch problem instead of a bare 400.
            .DisableAntiforgery()
            // A staff endpoint for the editor, not part of the public read-only API the OpenAPI document describes.
            .ExcludeFromDescription();
        app.MapGet(MediaUrls.Prefix + "/{name}", ServeVariant).ExcludeFromDescription();
        app.MapGet(MediaUrls.Prefix + "/{key}/{name}", ServePdf).ExcludeFromDescription();
        return app;
    }

    private static async Task<IResult> UploadAsync(HttpContext context, MediaLibrary library, IAntiforgery antiforgery, IOptions<MediaOptions> options, CancellationToken ct)
    {
        var limit = options.Value.MaxUploadBytes + FormOverhead;
        if (context.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } bodySize) bodySize.MaxRequestBodySize = limit;
        if (context.Request.ContentLength > limit) return TooLarge(options.Value).ToResult();
        if (!context.Request.HasFormContentType) return NoFile().ToResult();

        IFormCollection form;
        try
        {
            form = await context.Request.ReadFormAsync(new FormOptions { MultipartBodyLengthLimit = limit, ValueLengthLimit = 16 * 1024 }, ct);
        }
        catch (BadHttpRequestException e) when (e.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            return TooLarge(options.Value).ToResult();
        }
        catch (InvalidDataException)
        {
            return new ApiProblem(StatusCodes.Status400BadRequest, "Ongeldig formulier", "Malformed form",
                "Het formulier kwam niet goed aan. Probeer het opnieuw.").ToResult();
        }
        try
        {
            await antiforgery.ValidateRequestAsync(context);
        }
        catch (AntiforgeryValidationException)
        {
            return new ApiProblem(StatusCodes.Status400BadRequest, "Formulier verlopen", "Antiforgery token invalid",
                "Het formulier is verlopen of hoort niet bij deze sessie. Laad de pagina opnieuw en probeer het nog eens.").ToResult();
        }

        if (form.Files.GetFile("file") is not { } file) return NoFile().ToResult();
        await using var content = file.OpenReadStream();
        var result = await library.UploadAsync(new MediaUpload(content, file.FileName, form["alt"].ToString(),
            IsChecked(form["showsChildren"]), IsChecked(form["parentalConsent"]), context.User.FindFirst(System.Security.Claims.ClaimTypes.NameIdentifier)?.Value), ct);
        if (result.Refusal is { } refusal)
        {
            return new ApiProblem(refusal.Status, refusal.Title, refusal.TitleEn, refusal.Detail,
                refusal.Status == StatusCodes.Status400BadRequest ? refusal.Field : null).ToResult();
        }
        var response = MediaUploadResponse.From(result.Asset!);
        return TypedResults.Created(response.Url, response);
    }

    // A checkbox sends "on" (or its value) when ticked and nothing when not; JSON-minded clients send true/false.
    private static bool IsChecked(Microsoft.Extensions.Primitives.StringValues value) =>
        value.Any(v => v is not null && (v.Equals("true", StringComparison.OrdinalIgnoreCase) || v.Equals("on", StringComparison.OrdinalIgnoreCase) || v == "1"));

    private static ApiProblem NoFile() => new(StatusCodes.Status400BadRequest, "Geen bestand", "No file",
        "Kies een bestand om te uploaden (veld 'file' in een multipart/form-data-formulier).", MediaRefusal.FileField);

    private static ApiProblem TooLarge(MediaOptions options) => new(StatusCodes.Status413PayloadTooLarge, "Bestand te groot", "File too large",
        $"Een afbeelding mag hoogstens {options.MaxImageBytes / 1048576.0:0.#} MB zijn en een PDF hoogstens {options.MaxPdfBytes / 1048576.0:0.#} MB. Maak het bestand kleiner en probeer het opnieuw.");

    private static IResult ServeVariant(string name, MediaStore store, HttpContext context)
    {
        if (name.EndsWith(".pdf", StringComparison.Ordinal) || store.PathOf(name) is not { } path || !File.Exists(path)) return TypedResults.NotFound();
        SetHeaders(context);
        var contentType = name.EndsWith(".webp", StringComparison.Ordinal) ? "image/webp" : "image/jpeg";
        return TypedResults.PhysicalFile(path, contentType, entityTag: new EntityTagHeaderValue($"\"{name}\""));
    }

    private static IResult ServePdf(string key, string name, MediaStore store, HttpContext context)
    {
        if (!MediaUrls.IsDownloadName(name) || store.PathOf(MediaUrls.PdfName(key)) is not { } path || !File.Exists(path)) return TypedResults.NotFound();
        SetHeaders(context);
        // Never shown inside our origin: downloaded, and sandboxed should a browser open it anyway.
        context.Response.Headers.ContentSecurityPolicy = "sandbox; default-src 'none'";
        return TypedResults.PhysicalFile(path, "application/pdf", fileDownloadName: name, entityTag: new EntityTagHeaderValue($"\"{key}\""));
    }

    private static void SetHeaders(HttpContext context)
    {
        var headers = context.Response.Headers;
        headers.CacheControl = ImmutableCache;
        headers.XContentTypeOptions = "nosniff";
    }
}

/// <summary>The answer to an upload: the id to put in a media field (<c>{"mediaId": id}</c>) and the stored files.</summary>
public sealed record MediaUploadResponse(
    string Id, MediaKind Kind, string FileName, long ByteSize, int? Width, int? Height, string? AltText,
    bool ShowsChildren, bool ParentalConsent, string Url, IReadOnlyList<MediaVariantResponse> Variants)
{
    public static MediaUploadResponse From(MediaAsset asset) => new(
        asset.Id, asset.Kind, asset.FileName, asset.ByteSize, asset.Width, asset.Height, asset.AltText, asset.ShowsChildren, asset.ParentalConsent,
        asset.Kind == MediaKind.Pdf ? MediaUrls.Pdf(asset) : MediaUrls.Variant(asset, asset.VariantWidths[^1], "jpg"),
        [.. asset.VariantWidths.Select(w => new MediaVariantResponse(w, MediaUrls.Variant(asset, w, "webp"), MediaUrls.Variant(asset, w, "jpg")))]);
}

public sealed record MediaVariantResponse(int Width, string Webp, string Jpeg);
