using LerendeRegio.Web.Content;
using LerendeRegio.Web.Editorial;
using Microsoft.AspNetCore.Authorization.Infrastructure;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace LerendeRegio.Web.Pages.Beheer.Inhoud;

/// <summary>A step that cannot be undone with one click: first a page that says what will happen, then the post.</summary>
public abstract class ConfirmModel(EditorialWorkflow workflow) : PageModel
{
    public EditorialView Item { get; private set; } = null!;
    public string? Problem { get; private set; }

    [TempData]
    public string? Message { get; set; }

    protected abstract OperationAuthorizationRequirement Operation { get; }

    protected abstract Task RunAsync(string id);

    protected abstract string Done { get; }

    protected EditorialWorkflow Workflow => workflow;

    public async Task<IActionResult> OnGetAsync(string id)
    {
        if (await LoadAsync(id) is { } refused) return refused;
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(string id)
    {
        if (await LoadAsync(id) is { } refused) return refused;
        try
        {
            await RunAsync(id);
        }
        catch (WorkflowException e)
        {
            Problem = e.Message;
            Response.StatusCode = e.Status;
            return Page();
        }
        Message = Done;
        return Redirect(AfterUrl(id));
    }

    protected virtual string AfterUrl(string id) => $"/beheer/inhoud/{id}";

    private async Task<IActionResult?> LoadAsync(string id)
    {
        var item = await workflow.GetAsync(id, HttpContext.RequestAborted);
        if (item is null || !await workflow.MayAsync(User, item, ContentOperations.ViewDraft)) return NotFound();
        if (!await workflow.MayAsync(User, item, Operation)) return Forbid();
        Item = item;
        return null;
    }
}
