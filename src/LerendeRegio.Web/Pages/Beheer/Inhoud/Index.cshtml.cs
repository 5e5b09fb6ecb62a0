using LerendeRegio.Web.Content;
using LerendeRegio.Web.Editorial;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace LerendeRegio.Web.Pages.Beheer.Inhoud;

/// <summary>All content the user may see in beheer, by type and state, newest change first.</summary>
public sealed class ContentListModel(EditorialQueries queries, ContentDefinitionStore definitions) : PageModel
{
    [BindProperty(SupportsGet = true, Name = "soort")]
    public string? Type { get; set; }

    [BindProperty(SupportsGet = true, Name = "status")]
    public WorkflowState? State { get; set; }

    [BindProperty(SupportsGet = true, Name = "pagina")]
    public int PageNumber { get; set; } = 1;

    public PagedResult<EditorialRow> Result { get; private set; } = new([], 0, 1, 25);
    public IReadOnlyDictionary<string, ContentTypeDefinition> Types { get; private set; } = new Dictionary<string, ContentTypeDefinition>();

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        ViewData["Title"] = "Inhoud";
        Types = await definitions.GetTypesAsync(ct);
        if (!ModelState.IsValid || PageNumber < 1 || (Type is not null && !Types.ContainsKey(Type)))
        {
            Response.StatusCode = StatusCodes.Status400BadRequest;
            ModelState.AddModelError("", "Deze combinatie van filters bestaat niet.");
            Type = null;
            State = null;
            PageNumber = 1;
        }
        Result = await queries.ListAsync(ContentAuthorizationHandler.ScopeOf(User), new() { ContentType = Type, State = State, Page = PageNumber }, ct);
        return Page();
    }
}
