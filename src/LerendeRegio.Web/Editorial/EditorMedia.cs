using System.Security.Claims;
using System.Text.Json.Nodes;
using LerendeRegio.Web.Accounts;
using LerendeRegio.Web.Content;
using LerendeRegio.Web.Media;
using Microsoft.AspNetCore.Authorization;

namespace LerendeRegio.Web.Editorial;

/// <summary>
/// The media fields of a posted editor: uploads the chosen files through <see cref="MediaLibrary"/> (the same checks
/// as <c>POST /beheer/media</c>) and saves what the user changed about the files already in the item. Problems come
/// back as messages for the media field, in the form's own terms, so the page shows them next to it.
/// </summary>
public sealed class EditorMedia(MediaLibrary library, IAuthorizationService authorization)
{
    /// <summary>
    /// Checks the typed details, then uploads new files (a refused one leaves no file or row, and no entry), and only
    /// when nothing was refused saves changed details. The accepted uploads are added to the request's fields.
    /// </summary>
    public async Task<IReadOnlyList<ContentValidationError>> ApplyAsync(ClaimsPrincipal user, ContentFormRequest request, bool saveDetails, CancellationToken ct)
    {
        var errors = new List<ContentValidationError>();
        if (request.Media.Count == 0) return errors;
        var assets = await library.GetManyAsync(request.Media.SelectMany(m => m.Existing).Select(e => e.MediaId), ct);

        foreach (var field in request.Media)
        {
            foreach (var entry in field.Existing)
            {
                if (!assets.TryGetValue(entry.MediaId, out var asset)) continue; // the content rule names missing files
                var alt = entry.Details.Alt;
                if (asset.Kind == MediaKind.Image && alt.Length == 0)
                    errors.Add(new(field.Path, $"{field.Field.DisplayName}: beschrijf in de alt-tekst wat er op '{asset.FileName}' te zien is, voor wie de afbeelding niet kan zien."));
                else if (alt.Length > MediaAsset.MaxAltText)
                    errors.Add(new(field.Path, $"{field.Field.DisplayName}: de alt-tekst van '{asset.FileName}' mag hoogstens {MediaAsset.MaxAltText} tekens hebben (nu {alt.Length})."));
            }
        }

        foreach (var field in request.Media.Where(m => m.File is not null))
        {
            if (!(await authorization.AuthorizeAsync(user, Permissions.EditOwnContent)).Succeeded)
            {
                errors.Add(new(field.Path, $"{field.Field.DisplayName}: je mag geen bestanden uploaden."));
                continue;
            }
            var file = field.File!;
            await using var content = file.OpenReadStream();
            var result = await library.UploadAsync(new MediaUpload(content, file.FileName, field.New.Alt, field.New.ShowsChildren, field.New.ParentalConsent,
                user.FindFirst(ClaimTypes.NameIdentifier)?.Value), ct);
            if (result.Refusal is { } refusal)
            {
                errors.Add(new(field.Path, $"{field.Field.DisplayName}: {refusal.Detail}{(refusal.Field == MediaRefusal.FileField ? " Kies daarna het bestand opnieuw." : "")}"));
                continue;
            }
            // Kept even when something else in the form is refused: the user does not have to choose the file again.
            field.Entries.Add(new JsonObject { ["mediaId"] = result.Asset!.Id });
            if (field.Entries.Parent is null) field.Parent[field.Name] = field.Entries;
            field.Uploaded = result.Asset;
        }
        if (errors.Count > 0 || !saveDetails) return errors;

        foreach (var entry in request.Media.SelectMany(m => m.Existing))
        {
            if (!assets.TryGetValue(entry.MediaId, out var asset)) continue;
            var d = entry.Details;
            var alt = d.Alt.Length == 0 ? null : d.Alt;
            if (asset.AltText == alt && asset.ShowsChildren == d.ShowsChildren && asset.ParentalConsent == (d.ShowsChildren && d.ParentalConsent)) continue;
            if (await library.UpdateDetailsAsync(entry.MediaId, alt, d.ShowsChildren, d.ParentalConsent, ct) is { } refusal)
                errors.Add(new(request.Media.First(m => m.Existing.Contains(entry)).Path, refusal.Detail));
        }
        return errors;
    }
}
