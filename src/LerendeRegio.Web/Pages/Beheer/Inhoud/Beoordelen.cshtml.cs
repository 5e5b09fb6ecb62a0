using LerendeRegio.Web.Accounts;
using LerendeRegio.Web.Content;
using LerendeRegio.Web.Editorial;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace LerendeRegio.Web.Pages.Beheer.Inhoud;

/// <summary>An editor reviews an offered item: what changed since the public version, then publish or send it back with a comment.</summary>
[Authorize(Policy = Permissions.PublishContent)]
public sealed class ReviewModel(EditorialWorkflow workflow, ContentManager content, ContentDefinitionStore definitions, ContentDiff diff) : PageModel
{
    public EditorialView Item { get; private set; } = null!;
    public IReadOnlyList<FieldDiff> Changes { get; private set; } = [];
    /// <summary>What the changes are compared with: the version sent back (when there is one), the public version, or nothing.</summary>
    public string ComparedWith { get; private set; } = "";
    public string? Problem { get; private set; }
    public string? CommentError { get; private set; }

    [BindProperty(Name = "opmerking")]
    public string? Comment { get; set; }

    [BindProperty(Name = "revisie")]
    public int Revision { get; set; }

    [TempData]
    public string? Message { get; set; }

    public async Task<IActionResult> OnGetAsync(string id)
    {
        if (!await LoadAsync(id)) return NotFound();
        Revision = Item.Latest.Revision;
        return Page();
    }

    public Task<IActionResult> OnPostPublishAsync(string id) => StepAsync(id, () => workflow.PublishAsync(User, id, Revision, HttpContext.RequestAborted), "Gepubliceerd. Het staat nu op de site.");

    public Task<IActionResult> OnPostSendBackAsync(string id) => StepAsync(id, () => workflow.SendBackAsync(User, id, Revision, Comment, HttpContext.RequestAborted), "Teruggestuurd met je opmerking. De auteur ziet hem bij het item.");

    private async Task<IActionResult> StepAsync(string id, Func<Task> step, string done)
    {
        if (!await LoadAsync(id)) return NotFound();
        try
        {
            await step();
        }
        catch (ContentValidationException e)
        {
            CommentError = e.Errors.FirstOrDefault(x => x.Field == "opmerking")?.Message;
            Problem = CommentError is null ? "Publiceren lukte niet: " + string.Join(" ", e.Errors.Select(x => x.Message)) : null;
            Response.StatusCode = StatusCodes.Status400BadRequest;
            return Page();
        }
        catch (ContentConcurrencyException)
        {
            Problem = "Het item is gewijzigd sinds je deze pagina opende. Bekijk de nieuwe versie hieronder en beslis opnieuw.";
            Revision = Item.Latest.Revision;
            Response.StatusCode = StatusCodes.Status409Conflict;
            return Page();
        }
        catch (WorkflowException e)
        {
            Problem = e.Message;
            Response.StatusCode = e.Status;
            return Page();
        }
        Message = done;
        return Redirect($"/beheer/inhoud/{id}");
    }

    private async Task<bool> LoadAsync(string id)
    {
        var item = await workflow.GetAsync(id, HttpContext.RequestAborted);
        if (item is null || !await workflow.MayAsync(User, item, ContentOperations.ViewDraft)) return false;
        Item = item;
        var type = await definitions.GetTypeAsync(item.Latest.ContentType, HttpContext.RequestAborted);
        if (type is null) return false;
        // After sending back, the reviewer wants to see what the author changed since; otherwise what goes public.
        var sentBack = (await workflow.EventsAsync(id, HttpContext.RequestAborted)).FirstOrDefault(e => e.Kind == EditorialEventKind.SentBack);
        var published = item.Published?.ContentItemVersionId == item.Latest.ContentItemVersionId ? null : item.Published;
        var baseline = published;
        ComparedWith = published is null ? "De inhoud (nog nooit gepubliceerd)" : "Wat er verandert ten opzichte van de versie op de site";
        if (sentBack?.ContentItemVersionId is { } sentVersion && sentVersion != item.Latest.ContentItemVersionId
            && (published is null || sentBack.OccurredUtc > published.ModifiedUtc)
            && (await content.GetVersionsAsync(id, HttpContext.RequestAborted)).FirstOrDefault(v => v.ContentItemVersionId == sentVersion) is { } returned)
        {
            baseline = returned;
            ComparedWith = "Wat er veranderde sinds het werd teruggestuurd";
        }
        Changes = await diff.CompareAsync(type, baseline, item.Latest, HttpContext.RequestAborted);
        ViewData["Title"] = $"{item.Latest.DisplayText} beoordelen";
        return true;
    }
}
