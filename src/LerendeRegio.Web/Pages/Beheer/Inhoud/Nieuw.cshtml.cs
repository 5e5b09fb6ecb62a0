using LerendeRegio.Web.Accounts;
using LerendeRegio.Web.Content;
using LerendeRegio.Web.Editorial;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;

namespace LerendeRegio.Web.Pages.Beheer.Inhoud;

/// <summary>A new item of any type, in the editor generated from the type's definition.</summary>
[Authorize(Policy = Permissions.EditOwnContent)]
[EditorFormLimits]
public sealed class NewContentModel(ContentEditorFactory editors, EditorMedia media, ContentDefinitionStore definitions, EditorialWorkflow workflow) : EditorPageModel(editors, media)
{
    public ContentTypeDefinition? Type { get; private set; }
    public IReadOnlyList<ContentTypeDefinition> Types { get; private set; } = [];

    public async Task<IActionResult> OnGetAsync(string? type)
    {
        if (type is null)
        {
            ViewData["Title"] = "Nieuw item";
            Types = [.. Site.SiteOverview.OrderedTypes(await definitions.GetTypesAsync(HttpContext.RequestAborted))];
            return Page();
        }
        Type = await definitions.GetTypeAsync(type, HttpContext.RequestAborted);
        if (Type is null) return NotFound();
        ViewData["Title"] = $"Nieuw: {Type.DisplayName.ToLowerInvariant()}";
        await BuildEditorAsync(Type, new ContentEdit("", null, []));
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(string? type)
    {
        Type = type is null ? null : await definitions.GetTypeAsync(type, HttpContext.RequestAborted);
        if (Type is null) return NotFound();
        ViewData["Title"] = $"Nieuw: {Type.DisplayName.ToLowerInvariant()}";
        var request = ContentForm.Read(Type, Request.Form);
        var asked = request.PreviewPath is not null || request.AddRowPath is not null;
        if (await ApplyMediaAsync(Type, request, saveDetails: !asked) is { } refused) return refused;
        if (asked)
        {
            await BuildEditorAsync(Type, request.Edit, null, request);
            return Page();
        }
        ContentItem? created = null;
        var failed = await TryAsync(Type, request, async () =>
            created = await workflow.CreateAsync(User, Type.Name, request.Edit, HttpContext.RequestAborted));
        if (created is null) return failed!;
        Message = "Opgeslagen als concept.";
        try
        {
            if (request.Action == SubmitAction)
            {
                await workflow.SubmitAsync(User, created.ContentItemId, created.Revision, HttpContext.RequestAborted);
                Message = SubmittedMessage;
            }
            else if (request.Action == PublishAction)
            {
                await workflow.PublishAsync(User, created.ContentItemId, created.Revision, HttpContext.RequestAborted);
                Message = "Opgeslagen en gepubliceerd.";
            }
        }
        catch (Exception e) when (e is ContentValidationException or WorkflowException)
        {
            // The draft exists now; its own page tells what stopped the next step.
            Message = "Opgeslagen als concept, maar de volgende stap lukte niet: "
                + (e is ContentValidationException v ? string.Join(" ", v.Errors.Select(x => x.Message)) : e.Message);
        }
        return Redirect($"/beheer/inhoud/{created.ContentItemId}");
    }

    public const string SubmittedMessage = "Opgeslagen en ter beoordeling aangeboden. De redactie kijkt ernaar; je ziet het hier terug als ze het publiceert of terugstuurt.";

    public bool MayPublish => User.Has(Permissions.PublishContent) || User.Has(Permissions.PublishOwnContent);

}
