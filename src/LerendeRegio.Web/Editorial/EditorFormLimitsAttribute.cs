using LerendeRegio.Web.Media;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Filters;
using Microsoft.Extensions.Options;

namespace LerendeRegio.Web.Editorial;

/// <summary>
/// Room for a photo in an editor post. Kestrel (and IIS) stop a request body at 30 000 000 bytes by default; the
/// editor allows twice the largest upload plus 1 MB, so a file somewhat over the limit still arrives and is refused
/// next to its field by <see cref="MediaLibrary"/> with everything else the user typed kept. Beyond that the post
/// is cut off with a Dutch 413 page. Runs before the antiforgery check, which is the first to read the form.
/// </summary>
[AttributeUsage(AttributeTargets.Class)]
public sealed class EditorFormLimitsAttribute : Attribute, IAsyncAuthorizationFilter, IOrderedFilter
{
    // Antiforgery (1000) and MVC's own RequestFormLimits (900) come later.
    public int Order => 800;

    public static long Limit(MediaOptions options) => 2 * options.MaxUploadBytes + 1024 * 1024;

    public async Task OnAuthorizationAsync(AuthorizationFilterContext context)
    {
        var http = context.HttpContext;
        if (!HttpMethods.IsPost(http.Request.Method) || !http.Request.HasFormContentType) return;
        var limit = Limit(http.RequestServices.GetRequiredService<IOptions<MediaOptions>>().Value);
        if (http.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } size) size.MaxRequestBodySize = limit;
        if (http.Request.ContentLength > limit)
        {
            context.Result = TooLarge(limit);
            return;
        }
        if (http.Features.Get<IFormFeature>() is not { Form: not null })
        {
            http.Features.Set<IFormFeature>(new FormFeature(http.Request, new FormOptions { MultipartBodyLengthLimit = limit }));
        }
        try
        {
            await http.Request.ReadFormAsync(http.RequestAborted);
        }
        catch (BadHttpRequestException e) when (e.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            context.Result = TooLarge(limit);
        }
        catch (InvalidDataException)
        {
            // A multipart section over the limit, or a malformed form.
            context.Result = new StatusCodeResult(StatusCodes.Status400BadRequest);
        }
    }

    private static ContentResult TooLarge(long limit) => new()
    {
        StatusCode = StatusCodes.Status413PayloadTooLarge,
        ContentType = "text/html; charset=utf-8",
        Content = "<!doctype html><html lang=\"nl\"><head><meta charset=\"utf-8\"><title>Te groot om te versturen</title>"
            + "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"></head><body><main><h1>Te groot om te versturen</h1>"
            + $"<p>Wat je verstuurde is groter dan {limit / 1048576} MB, en daarom niet aangekomen. Ga terug, kies een kleiner bestand (een foto mag hoogstens de helft daarvan zijn) en sla opnieuw op.</p>"
            + "</main></body></html>",
    };
}
