using System.Security.Claims;
using LerendeRegio.Web.Accounts;
using LerendeRegio.Web.Audit;
using LerendeRegio.Web.Content;
using LerendeRegio.Web.Data;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Authorization.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace LerendeRegio.Web.Editorial;

/// <summary>An item as the beheer pages see it: its newest version, the public one, and its workflow side.</summary>
public sealed record EditorialView(ContentItem Latest, ContentItem? Published, EditorialItem? Workflow, ContentResource Resource)
{
    public WorkflowState State => Resource.State;
}

/// <summary>A step that is not allowed (403) or does not fit the item's state (409), with a Dutch message.</summary>
public sealed class WorkflowException(int status, string message) : Exception(message)
{
    public int Status { get; } = status;
}

/// <summary>
/// The editorial workflow on top of the content core: concept → ter beoordeling → gepubliceerd, with sending back.
/// Every step asks <see cref="ContentAuthorizationHandler"/> first, and writes its workflow event and audit entry in
/// the same transaction as the content change, so the content core's change log (publish, unpublish, delete) and
/// what the workflow says never disagree.
/// </summary>
public sealed class EditorialWorkflow(
    LerendeRegioDbContext db,
    ContentManager content,
    ContentDefinitionStore definitions,
    IAuthorizationService authorization,
    AuditLog audit,
    TimeProvider clock)
{
    public const int MaxCommentLength = 4000;

    public async Task<EditorialView?> GetAsync(string contentItemId, CancellationToken ct = default)
    {
        var latest = await content.GetAsync(contentItemId, VersionOptions.Latest, ct);
        if (latest is null) return null;
        var published = latest.Published ? latest : await content.GetAsync(contentItemId, VersionOptions.Published, ct);
        var workflow = await db.Set<EditorialItem>().AsNoTracking().FirstOrDefaultAsync(e => e.ContentItemId == contentItemId, ct);
        return new EditorialView(latest, published, workflow, ResourceOf(latest, published is not null, workflow));
    }

    public static ContentResource ResourceOf(ContentItem latest, bool hasPublished, EditorialItem? workflow) => new(
        latest.ContentItemId, latest.ContentType, latest.Owner, workflow?.Organisation,
        latest.Published ? WorkflowState.Published : workflow?.State ?? WorkflowState.Draft,
        hasPublished);

    public async Task<bool> MayAsync(ClaimsPrincipal user, EditorialView item, OperationAuthorizationRequirement operation) =>
        (await authorization.AuthorizeAsync(user, item.Resource, operation)).Succeeded;

    /// <summary>A new draft owned by the user and their organisation.</summary>
    public async Task<ContentItem> CreateAsync(ClaimsPrincipal user, string contentType, ContentEdit edit, CancellationToken ct = default)
    {
        if (!user.Has(Permissions.EditOwnContent)) throw Forbidden();
        if (await definitions.GetTypeAsync(contentType, ct) is null) throw new WorkflowException(StatusCodes.Status404NotFound, "Dit soort inhoud bestaat niet.");
        var id = ContentIds.New();
        var now = Now();
        db.Add(new EditorialItem { ContentItemId = id, Organisation = user.OrganisationOf(), StateChangedUtc = now });
        Event(user, id, null, EditorialEventKind.Created, null, now);
        return await Guarded(() => content.CreateAsync(contentType, edit, new CreateOptions { ContentItemId = id, Owner = user.Id(), Author = user.Identity!.Name }, ct));
    }

    /// <summary>Saves a new version (every save is kept for the history). A published item gets a draft beside it.</summary>
    public async Task<ContentItem> SaveAsync(ClaimsPrincipal user, string contentItemId, int revision, ContentEdit edit, CancellationToken ct = default)
    {
        var item = await RequireAsync(user, contentItemId, ContentOperations.Edit, ct);
        if (item.Latest.Revision != revision) throw new ContentConcurrencyException(contentItemId, revision, item.Latest.Revision);
        // Saving without a change (say, "save and submit" right after saving) makes no empty version.
        if (Unchanged(item.Latest, edit)) return item.Latest;
        if (item.State == WorkflowState.Published || item.Workflow is null)
        {
            var workflow = await TrackedWorkflowAsync(item, ct);
            if (workflow.State != WorkflowState.Draft) workflow.StateChangedUtc = Now();
            workflow.State = WorkflowState.Draft;
        }
        return await Guarded(() => content.UpdateAsync(contentItemId, revision, edit, user.Identity!.Name, newVersion: true, ct));
    }

    /// <summary>Offers the latest version to the editors.</summary>
    public async Task SubmitAsync(ClaimsPrincipal user, string contentItemId, int revision, CancellationToken ct = default)
    {
        var item = await RequireAsync(user, contentItemId, ContentOperations.Submit, ct);
        if (item.State is not (WorkflowState.Draft or WorkflowState.SentBack))
            throw Conflict(item.State == WorkflowState.InReview ? "Dit item ligt al ter beoordeling." : "Dit item is al gepubliceerd; bewerk het eerst.");
        await StepAsync(user, item, revision, WorkflowState.InReview, EditorialEventKind.Submitted, null, AuditAction.Submitted, ct);
    }

    /// <summary>Takes an offered item back to concept, to change it before the editors look.</summary>
    public async Task WithdrawAsync(ClaimsPrincipal user, string contentItemId, int revision, CancellationToken ct = default)
    {
        var item = await RequireAsync(user, contentItemId, ContentOperations.Submit, ct);
        if (item.State != WorkflowState.InReview) throw Conflict("Dit item ligt niet ter beoordeling.");
        await StepAsync(user, item, revision, WorkflowState.Draft, EditorialEventKind.Withdrawn, null, null, ct);
    }

    /// <summary>Sends an offered item back to its authors with the reviewer's comment.</summary>
    public async Task SendBackAsync(ClaimsPrincipal user, string contentItemId, int revision, string? comment, CancellationToken ct = default)
    {
        var item = await RequireAsync(user, contentItemId, ContentOperations.Review, ct);
        if (item.State != WorkflowState.InReview) throw Conflict("Alleen een item dat ter beoordeling ligt, kun je terugsturen.");
        comment = comment?.Trim();
        if (string.IsNullOrEmpty(comment))
            throw new ContentValidationException([new("opmerking", "Schrijf op wat er moet veranderen; de auteur ziet deze opmerking.")]);
        if (comment.Length > MaxCommentLength)
            throw new ContentValidationException([new("opmerking", $"De opmerking mag hoogstens {MaxCommentLength} tekens hebben (nu {comment.Length}).")]);
        await StepAsync(user, item, revision, WorkflowState.SentBack, EditorialEventKind.SentBack, comment, AuditAction.SentBack, ct);
    }

    public async Task PublishAsync(ClaimsPrincipal user, string contentItemId, int revision, CancellationToken ct = default)
    {
        var item = await RequireAsync(user, contentItemId, ContentOperations.Publish, ct);
        if (item.State == WorkflowState.Published) throw Conflict("Deze versie is al gepubliceerd.");
        if (item.Latest.Revision != revision) throw new ContentConcurrencyException(contentItemId, revision, item.Latest.Revision);
        var workflow = await TrackedWorkflowAsync(item, ct);
        var now = Now();
        workflow.State = WorkflowState.Draft;
        workflow.ReviewComment = null;
        workflow.StateChangedUtc = now;
        Event(user, contentItemId, item.Latest.ContentItemVersionId, EditorialEventKind.Published, null, now);
        audit.Add(AuditAction.Published, contentItemId, item.Latest.DisplayText, user);
        await Guarded(() => content.PublishAsync(contentItemId, ct: ct));
    }

    public async Task UnpublishAsync(ClaimsPrincipal user, string contentItemId, CancellationToken ct = default)
    {
        var item = await RequireAsync(user, contentItemId, ContentOperations.Unpublish, ct);
        if (item.Published is null) throw Conflict("Dit item staat niet op de site.");
        var now = Now();
        Event(user, contentItemId, item.Published.ContentItemVersionId, EditorialEventKind.Unpublished, null, now);
        audit.Add(AuditAction.Unpublished, contentItemId, item.Published.DisplayText, user);
        await Guarded(() => content.UnpublishAsync(contentItemId, ct));
    }

    public async Task DeleteAsync(ClaimsPrincipal user, string contentItemId, CancellationToken ct = default)
    {
        var item = await RequireAsync(user, contentItemId, ContentOperations.Delete, ct);
        Event(user, contentItemId, item.Latest.ContentItemVersionId, EditorialEventKind.Deleted, null, Now());
        audit.Add(AuditAction.Deleted, contentItemId, item.Latest.DisplayText, user);
        await Guarded(() => content.DeleteAsync(contentItemId, ct));
    }

    /// <summary>Makes an earlier version the newest draft again; the versions in between stay in the history.</summary>
    public async Task<ContentItem> RestoreAsync(ClaimsPrincipal user, string contentItemId, string versionId, int revision, CancellationToken ct = default)
    {
        var item = await RequireAsync(user, contentItemId, ContentOperations.Edit, ct);
        var old = (await content.GetVersionsAsync(contentItemId, ct)).FirstOrDefault(v => v.ContentItemVersionId == versionId)
            ?? throw new WorkflowException(StatusCodes.Status404NotFound, "Deze versie bestaat niet (meer).");
        var workflow = await TrackedWorkflowAsync(item, ct);
        var now = Now();
        if (workflow.State != WorkflowState.InReview) { workflow.State = WorkflowState.Draft; workflow.StateChangedUtc = now; }
        Event(user, contentItemId, versionId, EditorialEventKind.Restored, null, now);
        audit.Add(AuditAction.Restored, contentItemId, $"{old.DisplayText} (versie van {old.ModifiedUtc:yyyy-MM-dd HH:mm} UTC)", user);
        return await Guarded(() => content.UpdateAsync(contentItemId, revision, new ContentEdit(old.DisplayText, old.Slug, old.Fields.DeepClone().AsObject()), user.Identity!.Name, newVersion: true, ct));
    }

    public static bool Unchanged(ContentItem latest, ContentEdit edit) =>
        latest.DisplayText == edit.Title.Trim()
        && (edit.Slug is null || edit.Slug == latest.Slug)
        && System.Text.Json.Nodes.JsonNode.DeepEquals(latest.Fields, edit.Fields);

    public async Task<IReadOnlyList<EditorialEvent>> EventsAsync(string contentItemId, CancellationToken ct = default)
    {
        var events = await db.Set<EditorialEvent>().AsNoTracking().Where(e => e.ContentItemId == contentItemId).OrderByDescending(e => e.Id).ToListAsync(ct);
        foreach (var e in events) e.OccurredUtc = DateTime.SpecifyKind(e.OccurredUtc, DateTimeKind.Utc);
        return events;
    }

    private async Task<EditorialView> RequireAsync(ClaimsPrincipal user, string contentItemId, OperationAuthorizationRequirement operation, CancellationToken ct)
    {
        var item = await GetAsync(contentItemId, ct) ?? throw new WorkflowException(StatusCodes.Status404NotFound, "Dit item bestaat niet (meer).");
        if (!await MayAsync(user, item, ContentOperations.ViewDraft)) throw new WorkflowException(StatusCodes.Status404NotFound, "Dit item bestaat niet (meer).");
        if (!await MayAsync(user, item, operation))
        {
            throw operation == ContentOperations.Edit && item.State == WorkflowState.InReview
                ? Conflict("Dit item ligt ter beoordeling; je kunt het weer bewerken als de redactie het terugstuurt, of als je het terugneemt.")
                : Forbidden();
        }
        return item;
    }

    // Steps that change no field still raise the item's revision: an editor open on the old revision then gets the
    // "changed meanwhile" message instead of saving over a step it did not see.
    private async Task StepAsync(ClaimsPrincipal user, EditorialView item, int revision, WorkflowState next, EditorialEventKind kind, string? comment, AuditAction? action, CancellationToken ct)
    {
        var latest = await db.ContentItems.FirstAsync(v => v.ContentItemId == item.Latest.ContentItemId && v.Latest, ct);
        if (latest.Revision != revision) throw new ContentConcurrencyException(latest.ContentItemId, revision, latest.Revision);
        latest.Revision++;
        var workflow = await TrackedWorkflowAsync(item, ct);
        var now = Now();
        workflow.State = next;
        workflow.StateChangedUtc = now;
        if (kind == EditorialEventKind.SentBack) { workflow.ReviewComment = comment; workflow.ReviewedBy = user.Identity!.Name; }
        Event(user, latest.ContentItemId, latest.ContentItemVersionId, kind, comment, now);
        if (action is { } a) audit.Add(a, latest.ContentItemId, latest.DisplayText + (comment is null ? "" : ": " + comment), user);
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateConcurrencyException)
        {
            db.ChangeTracker.Clear();
            throw new ContentConcurrencyException(latest.ContentItemId, revision, revision + 1);
        }
    }

    private async Task<EditorialItem> TrackedWorkflowAsync(EditorialView item, CancellationToken ct)
    {
        var workflow = await db.Set<EditorialItem>().FirstOrDefaultAsync(e => e.ContentItemId == item.Latest.ContentItemId, ct);
        if (workflow is null)
        {
            // Imported items have no workflow row until someone edits them; they belong to nobody's organisation.
            workflow = new EditorialItem { ContentItemId = item.Latest.ContentItemId, StateChangedUtc = Now() };
            db.Add(workflow);
        }
        return workflow;
    }

    private void Event(ClaimsPrincipal user, string contentItemId, string? versionId, EditorialEventKind kind, string? comment, DateTime now) =>
        db.Add(new EditorialEvent
        {
            ContentItemId = contentItemId,
            ContentItemVersionId = versionId,
            Kind = kind,
            ActorId = user.Id(),
            ActorName = user.Identity?.Name,
            Comment = comment,
            OccurredUtc = now,
        });

    // What this step staged (events, audit, workflow) must not ride along with a later save when the content core refuses.
    private async Task<T> Guarded<T>(Func<Task<T>> action)
    {
        try
        {
            return await action();
        }
        catch
        {
            db.ChangeTracker.Clear();
            throw;
        }
    }

    private async Task Guarded(Func<Task> action) => await Guarded(async () => { await action(); return true; });

    private DateTime Now() => clock.GetUtcNow().UtcDateTime;

    private static WorkflowException Forbidden() => new(StatusCodes.Status403Forbidden, "Met je rol mag je dit niet doen bij dit item.");

    private static WorkflowException Conflict(string message) => new(StatusCodes.Status409Conflict, message);
}
