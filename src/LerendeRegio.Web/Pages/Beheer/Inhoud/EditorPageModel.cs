using LerendeRegio.Web.Content;
using LerendeRegio.Web.Editorial;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace LerendeRegio.Web.Pages.Beheer.Inhoud;

/// <summary>What the new-item and edit pages share: building the generated editor and answering its outcomes.</summary>
public abstract class EditorPageModel(ContentEditorFactory editors, EditorMedia media) : PageModel
{
    public const string SaveAction = "opslaan";
    public const string SubmitAction = "indienen";
    public const string PublishAction = "publiceren";

    public ContentEditorModel Editor { get; protected set; } = null!;

    /// <summary>A message for the whole form (a stale save, a step that is not allowed).</summary>
    public string? Problem { get; protected set; }

    [TempData]
    public string? Message { get; set; }

    protected async Task BuildEditorAsync(ContentTypeDefinition type, ContentEdit edit, IReadOnlyList<ContentValidationError>? errors = null, ContentFormRequest? request = null, bool readOnly = false) =>
        Editor = await editors.BuildAsync(type, edit, errors, request?.PreviewPath, request?.AddRowPath, readOnly, request?.Media, HttpContext.RequestAborted);

    /// <summary>
    /// Uploads the files chosen in media fields and (unless <paramref name="saveDetails"/> is false, for a preview)
    /// saves the alt texts and consent flags; a refusal comes back as the form, with the message at the field.
    /// </summary>
    protected async Task<IActionResult?> ApplyMediaAsync(ContentTypeDefinition type, ContentFormRequest request, bool saveDetails = true)
    {
        var errors = await media.ApplyAsync(User, request, saveDetails, HttpContext.RequestAborted);
        if (errors.Count == 0) return null;
        await BuildEditorAsync(type, request.Edit, errors, request);
        return Answer(StatusCodes.Status400BadRequest);
    }

    /// <summary>Runs a save; validation problems, stale revisions and refused steps come back as the form with a message.</summary>
    protected async Task<IActionResult?> TryAsync(ContentTypeDefinition type, ContentFormRequest request, Func<Task> save)
    {
        try
        {
            await save();
            return null;
        }
        catch (ContentValidationException e)
        {
            await BuildEditorAsync(type, request.Edit, e.Errors, request);
            return Answer(StatusCodes.Status400BadRequest);
        }
        catch (ContentConcurrencyException)
        {
            Problem = "Iemand anders heeft dit item gewijzigd nadat jij het opende. Jouw wijzigingen zijn daarom niet opgeslagen; ze staan nog hieronder. "
                + "Open de nieuwste versie in een ander tabblad, neem je wijzigingen daarin over en sla dan op.";
            await BuildEditorAsync(type, request.Edit, null, request);
            return Answer(StatusCodes.Status409Conflict);
        }
        catch (WorkflowException e)
        {
            Problem = e.Message;
            await BuildEditorAsync(type, request.Edit, null, request);
            return Answer(e.Status);
        }
    }

    protected PageResult Answer(int status)
    {
        Response.StatusCode = status;
        return Page();
    }
}
