using LerendeRegio.Web.Content;
using LerendeRegio.Web.Editorial;
using LerendeRegio.Web.Site;
using Microsoft.AspNetCore.Mvc;

namespace LerendeRegio.Web.Pages.Beheer.Inhoud;

/// <summary>One item in its generated editor, with the workflow steps the user may take from here.</summary>
[EditorFormLimits]
public sealed class EditContentModel(ContentEditorFactory editors, EditorMedia media, ContentDefinitionStore definitions, EditorialWorkflow workflow) : EditorPageModel(editors, media)
{
    public EditorialView Item { get; private set; } = null!;
    public ContentTypeDefinition Type { get; private set; } = null!;
    public bool MayEdit { get; private set; }
    public bool MaySubmit { get; private set; }
    public bool MayReview { get; private set; }
    public bool MayPublish { get; private set; }
    public bool MayUnpublish { get; private set; }
    public bool MayDelete { get; private set; }
    public int Revision { get; private set; }
    /// <summary>The user may offer this item or take it back (the right is the same; the state decides which).</summary>
    public bool MaySubmitOrWithdraw { get; private set; }
    public string? PublicUrl { get; private set; }

    public async Task<IActionResult> OnGetAsync(string id)
    {
        if (await LoadAsync(id) is { } missing) return missing;
        await BuildEditorAsync(Type, new ContentEdit(Item.Latest.DisplayText, Item.Latest.Slug, Item.Latest.Fields), readOnly: !MayEdit);
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(string id, int revisie)
    {
        if (await LoadAsync(id) is { } missing) return missing;
        var request = ContentForm.Read(Type, Request.Form);
        var asked = request.PreviewPath is not null || request.AddRowPath is not null;
        // Files and their details only for who may edit this item, and only on the version they read: a stale or
        // refused save must not change the files either (the save below gives the message).
        if (MayEdit && revisie == Item.Latest.Revision)
        {
            var refused = await ApplyMediaAsync(Type, request, saveDetails: !asked);
            if (refused is not null)
            {
                Revision = revisie;
                return refused;
            }
        }
        if (asked)
        {
            await BuildEditorAsync(Type, request.Edit, null, request);
            Revision = revisie;
            return Page();
        }
        var ct = HttpContext.RequestAborted;
        var failed = await TryAsync(Type, request, async () =>
        {
            var saved = await workflow.SaveAsync(User, id, revisie, request.Edit, ct);
            if (request.Action == SubmitAction) await workflow.SubmitAsync(User, id, saved.Revision, ct);
            else if (request.Action == PublishAction) await workflow.PublishAsync(User, id, saved.Revision, ct);
        });
        if (failed is not null)
        {
            // The form keeps what the user typed; a later save must still compare against what they first read.
            Revision = revisie;
            if (Response.StatusCode == StatusCodes.Status400BadRequest && request.Action is SubmitAction or PublishAction)
            {
                // Saved, but the next step was refused: the form must carry the new revision, or the next save is "stale".
                var now = await workflow.GetAsync(id, ct);
                if (now is not null && EditorialWorkflow.Unchanged(now.Latest, request.Edit)) Revision = now.Latest.Revision;
            }
            return failed;
        }
        Message = request.Action switch
        {
            SubmitAction => NewContentModel.SubmittedMessage,
            PublishAction => "Opgeslagen en gepubliceerd.",
            _ => "Opgeslagen.",
        };
        return Redirect($"/beheer/inhoud/{id}");
    }

    public async Task<IActionResult> OnPostWithdrawAsync(string id, int revisie)
    {
        if (await LoadAsync(id) is { } missing) return missing;
        try
        {
            await workflow.WithdrawAsync(User, id, revisie, HttpContext.RequestAborted);
        }
        catch (Exception e) when (e is WorkflowException or ContentConcurrencyException)
        {
            Message = e is WorkflowException w ? w.Message : "Het item is intussen gewijzigd; bekijk de nieuwe stand.";
            return Redirect($"/beheer/inhoud/{id}");
        }
        Message = "Teruggenomen: het item is weer een concept dat je kunt bewerken.";
        return Redirect($"/beheer/inhoud/{id}");
    }

    private async Task<IActionResult?> LoadAsync(string id)
    {
        var item = await workflow.GetAsync(id, HttpContext.RequestAborted);
        // Items the user may not see do not exist for them: a 404, not a 403 that confirms the id.
        if (item is null || !await workflow.MayAsync(User, item, ContentOperations.ViewDraft)) return NotFound();
        Item = item;
        Type = await definitions.GetTypeAsync(item.Latest.ContentType, HttpContext.RequestAborted) ?? throw new InvalidOperationException("Type missing: " + item.Latest.ContentType);
        MayEdit = await workflow.MayAsync(User, item, ContentOperations.Edit);
        MaySubmit = item.State is WorkflowState.Draft or WorkflowState.SentBack && await workflow.MayAsync(User, item, ContentOperations.Submit);
        MaySubmitOrWithdraw = await workflow.MayAsync(User, item, ContentOperations.Submit);
        MayPublish = item.State != WorkflowState.Published && await workflow.MayAsync(User, item, ContentOperations.Publish);
        MayReview = item.State == WorkflowState.InReview && await workflow.MayAsync(User, item, ContentOperations.Review);
        MayUnpublish = item.Published is not null && await workflow.MayAsync(User, item, ContentOperations.Unpublish);
        MayDelete = await workflow.MayAsync(User, item, ContentOperations.Delete);
        Revision = item.Latest.Revision;
        PublicUrl = item.Published is { } p ? $"/{Type.RoutePrefix}/{p.Slug}" : null;
        ViewData["Title"] = $"{item.Latest.DisplayText} bewerken";
        return null;
    }
}
