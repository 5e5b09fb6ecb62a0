using LerendeRegio.Web.Content;
using LerendeRegio.Web.Editorial;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace LerendeRegio.Web.Pages.Beheer.Inhoud;

/// <summary>What the new-item and edit pages share: building the generated editor and answering its outcomes.</summary>
public abstract class EditorPageModel(ContentEditorFactory editors) : PageModel
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
        Editor = await editors.BuildAsync(type, edit, errors, request?.PreviewPath, request?.AddRowPath, readOnly, HttpContext.RequestAborted);

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
