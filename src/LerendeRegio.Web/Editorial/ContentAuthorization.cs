using System.Security.Claims;
using LerendeRegio.Web.Accounts;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Authorization.Infrastructure;

namespace LerendeRegio.Web.Editorial;

/// <summary>What can be done to one content item; checked with <c>IAuthorizationService.AuthorizeAsync(user, item, operation)</c>.</summary>
public static class ContentOperations
{
    public static readonly OperationAuthorizationRequirement ViewDraft = new() { Name = nameof(ViewDraft) };
    public static readonly OperationAuthorizationRequirement Edit = new() { Name = nameof(Edit) };
    public static readonly OperationAuthorizationRequirement Submit = new() { Name = nameof(Submit) };
    public static readonly OperationAuthorizationRequirement Review = new() { Name = nameof(Review) };
    public static readonly OperationAuthorizationRequirement Publish = new() { Name = nameof(Publish) };
    public static readonly OperationAuthorizationRequirement Unpublish = new() { Name = nameof(Unpublish) };
    public static readonly OperationAuthorizationRequirement Delete = new() { Name = nameof(Delete) };

    public static readonly IReadOnlyList<OperationAuthorizationRequirement> All = [ViewDraft, Edit, Submit, Review, Publish, Unpublish, Delete];
}

/// <summary>The facts about an item that decide who may act on it.</summary>
public sealed record ContentResource(string ContentItemId, string ContentType, string? OwnerId, string? Organisation, WorkflowState State, bool HasPublishedVersion);

/// <summary>
/// The one place that decides who may do what to which content item, for pages and API alike (Orchard's
/// "own" permissions, widened to the owner's organisation: a school's accounts share the school's items).
/// <list type="bullet">
/// <item>EditContent (Administrator, Redacteur): view and edit every item.</item>
/// <item>EditOwnContent (Auteur, Bijdrager): view and edit own and own organisation's items, except while they wait
/// for review (the reviewer has them then).</item>
/// <item>SubmitOwnContent: offer own items for review, or take them back.</item>
/// <item>PublishContent: review (send back), publish and unpublish every item; PublishOwnContent (Auteur): own items.</item>
/// <item>DeleteContent: delete every item.</item>
/// </list>
/// State rules (you cannot publish what is published) are the workflow's, not this handler's: this says who may.
/// </summary>
public sealed class ContentAuthorizationHandler : AuthorizationHandler<OperationAuthorizationRequirement, ContentResource>
{
    protected override Task HandleRequirementAsync(AuthorizationHandlerContext context, OperationAuthorizationRequirement requirement, ContentResource resource)
    {
        if (Allows(context.User, requirement.Name, resource)) context.Succeed(requirement);
        return Task.CompletedTask;
    }

    public static bool Allows(ClaimsPrincipal user, string operation, ContentResource item)
    {
        if (user.Identity?.IsAuthenticated != true) return false;
        var own = IsOwn(user, item);
        var editAll = user.Has(Permissions.EditContent);
        return operation switch
        {
            nameof(ContentOperations.ViewDraft) => editAll || (own && user.Has(Permissions.EditOwnContent)),
            nameof(ContentOperations.Edit) => editAll || (own && user.Has(Permissions.EditOwnContent) && item.State != WorkflowState.InReview),
            nameof(ContentOperations.Submit) => editAll || (own && user.Has(Permissions.SubmitOwnContent)),
            nameof(ContentOperations.Review) => user.Has(Permissions.PublishContent),
            nameof(ContentOperations.Publish) or nameof(ContentOperations.Unpublish) =>
                user.Has(Permissions.PublishContent) || (own && user.Has(Permissions.PublishOwnContent)),
            nameof(ContentOperations.Delete) => user.Has(Permissions.DeleteContent),
            _ => false,
        };
    }

    /// <summary>The item is the user's, or their organisation's.</summary>
    public static bool IsOwn(ClaimsPrincipal user, ContentResource item) =>
        (item.OwnerId is not null && item.OwnerId == user.Id())
        || (item.Organisation is not null && item.Organisation == user.OrganisationOf());

    /// <summary>Which items a user's lists show: every item (null) or those of one owner and organisation.</summary>
    public static ContentScope ScopeOf(ClaimsPrincipal user) =>
        user.Has(Permissions.EditContent) ? ContentScope.Everything : new ContentScope(false, user.Id() ?? "-", user.OrganisationOf());
}

/// <summary>The part of the content a user's lists may show; the same rule as <see cref="ContentAuthorizationHandler.IsOwn"/>.</summary>
public sealed record ContentScope(bool All, string? OwnerId, string? Organisation)
{
    public static readonly ContentScope Everything = new(true, null, null);
}
