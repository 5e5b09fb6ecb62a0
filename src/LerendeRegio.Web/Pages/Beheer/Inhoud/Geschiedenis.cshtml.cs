using LerendeRegio.Web.Content;
using LerendeRegio.Web.Editorial;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace LerendeRegio.Web.Pages.Beheer.Inhoud;

/// <summary>Every version of an item with who and when, the difference with the version before, and restore as a new draft.</summary>
public sealed class HistoryModel(EditorialWorkflow workflow, ContentManager content, ContentDefinitionStore definitions, ContentDiff diff) : PageModel
{
    public EditorialView Item { get; private set; } = null!;
    public IReadOnlyList<ContentItem> Versions { get; private set; } = [];
    public IReadOnlyList<EditorialEvent> Events { get; private set; } = [];
    public ContentItem? Selected { get; private set; }
    public IReadOnlyList<FieldDiff> Changes { get; private set; } = [];
    public bool MayRestore { get; private set; }
    public string? Problem { get; private set; }

    [BindProperty(SupportsGet = true, Name = "versie")]
    public string? VersionId { get; set; }

    [TempData]
    public string? Message { get; set; }

    public async Task<IActionResult> OnGetAsync(string id)
    {
        if (!await LoadAsync(id)) return NotFound();
        if (VersionId is not null && Selected is null) return NotFound();
        return Page();
    }

    public async Task<IActionResult> OnPostRestoreAsync(string id, int revisie)
    {
        if (!await LoadAsync(id)) return NotFound();
        if (Selected is null) return NotFound();
        try
        {
            await workflow.RestoreAsync(User, id, Selected.ContentItemVersionId, revisie, HttpContext.RequestAborted);
        }
        catch (Exception e) when (e is WorkflowException or ContentConcurrencyException or ContentValidationException)
        {
            Problem = e switch
            {
                WorkflowException w => w.Message,
                ContentConcurrencyException => "Het item is gewijzigd sinds je deze pagina opende. Bekijk de versies opnieuw en kies dan.",
                ContentValidationException v => "Deze versie past niet meer bij de huidige velden en kan niet zo worden teruggezet: " + string.Join(" ", v.Errors.Select(x => x.Message)),
                _ => e.Message,
            };
            Response.StatusCode = e switch { WorkflowException w => w.Status, ContentConcurrencyException => 409, _ => 400 };
            return Page();
        }
        Message = "De oude versie is teruggezet als nieuw concept. Controleer het en sla op of publiceer.";
        return Redirect($"/beheer/inhoud/{id}");
    }

    private async Task<bool> LoadAsync(string id)
    {
        var ct = HttpContext.RequestAborted;
        var item = await workflow.GetAsync(id, ct);
        if (item is null || !await workflow.MayAsync(User, item, ContentOperations.ViewDraft)) return false;
        Item = item;
        var type = await definitions.GetTypeAsync(item.Latest.ContentType, ct);
        if (type is null) return false;
        Versions = await content.GetVersionsAsync(id, ct);
        Events = await workflow.EventsAsync(id, ct);
        MayRestore = await workflow.MayAsync(User, item, ContentOperations.Edit);
        ViewData["Title"] = $"Geschiedenis van {item.Latest.DisplayText}";
        var index = VersionId is null ? -1 : Versions.ToList().FindIndex(v => v.ContentItemVersionId == VersionId);
        if (index >= 0)
        {
            Selected = Versions[index];
            Changes = await diff.CompareAsync(type, index + 1 < Versions.Count ? Versions[index + 1] : null, Selected, ct);
        }
        return true;
    }
}
