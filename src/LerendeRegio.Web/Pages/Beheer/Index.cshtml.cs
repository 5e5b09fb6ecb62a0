using LerendeRegio.Web.Accounts;
using LerendeRegio.Web.Content;
using LerendeRegio.Web.Editorial;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace LerendeRegio.Web.Pages.Beheer;

/// <summary>The dashboard: what needs the user now, depending on their role.</summary>
public sealed class StaffHomeModel(EditorialQueries queries, ContentDefinitionStore definitions) : PageModel
{
    public IReadOnlyList<EditorialRow> SentBack { get; private set; } = [];
    public IReadOnlyList<EditorialRow> Drafts { get; private set; } = [];
    public IReadOnlyList<EditorialRow> InReview { get; private set; } = [];
    public IReadOnlyList<EditorialRow> RecentlyPublished { get; private set; } = [];
    public bool IsReviewer { get; private set; }
    public bool MayWrite { get; private set; }
    public IReadOnlyList<ContentTypeDefinition> Types { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken ct)
    {
        ViewData["Title"] = "Beheer";
        var scope = ContentAuthorizationHandler.ScopeOf(User);
        // For editors "mine" is what they own; for a school it is everything of the school.
        var mine = scope.All ? User.Id() : null;
        IsReviewer = User.Has(Permissions.PublishContent);
        MayWrite = User.Has(Permissions.EditOwnContent);
        SentBack = (await queries.ListAsync(scope, new() { State = WorkflowState.SentBack, OwnerId = mine, PageSize = 20 }, ct)).Items;
        Drafts = (await queries.ListAsync(scope, new() { State = WorkflowState.Draft, OwnerId = mine, PageSize = 10 }, ct)).Items;
        InReview = (await queries.ListAsync(scope, new() { State = WorkflowState.InReview, OwnerId = IsReviewer ? null : mine, PageSize = 20 }, ct)).Items;
        RecentlyPublished = (await queries.ListAsync(scope, new() { State = WorkflowState.Published, PageSize = 8 }, ct)).Items;
        Types = [.. Site.SiteOverview.OrderedTypes(await definitions.GetTypesAsync(ct))];
    }
}
