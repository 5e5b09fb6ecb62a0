using System.Security.Claims;
using LerendeRegio.Web.Data;
using Microsoft.EntityFrameworkCore;

namespace LerendeRegio.Web.Audit;

/// <summary>
/// Writes and reads the audit log. <see cref="Add"/> only stages the entry in the request's database context, so it is
/// committed together with the change it describes; <see cref="WriteAsync"/> commits at once (sign-ins).
/// </summary>
public sealed class AuditLog(LerendeRegioDbContext db, IHttpContextAccessor http, TimeProvider clock)
{
    public const int PageSize = 50;

    public AuditEntry Add(AuditAction action, string? subject = null, string? details = null, ClaimsPrincipal? actor = null, string? actorId = null, string? actorName = null)
    {
        var context = http.HttpContext;
        actor ??= context?.User;
        var entry = new AuditEntry
        {
            OccurredUtc = clock.GetUtcNow().UtcDateTime,
            Action = action,
            ActorId = actorId ?? (actor?.Identity?.IsAuthenticated == true ? actor.FindFirstValue(ClaimTypes.NameIdentifier) : null),
            ActorName = Cut(actorName ?? (actor?.Identity?.IsAuthenticated == true ? actor.Identity.Name : null), 256),
            Subject = Cut(subject, 256),
            Details = Cut(details, 2000),
            IpAddress = context?.Connection.RemoteIpAddress?.ToString(),
        };
        db.Add(entry);
        return entry;
    }

    public async Task WriteAsync(AuditAction action, string? subject = null, string? details = null, string? actorId = null, string? actorName = null, CancellationToken ct = default)
    {
        Add(action, subject, details, actorId: actorId, actorName: actorName);
        await db.SaveChangesAsync(ct);
    }

    public async Task<(IReadOnlyList<AuditEntry> Entries, int Total)> PageAsync(int page, AuditAction? action, CancellationToken ct = default)
    {
        var q = db.Set<AuditEntry>().AsNoTracking();
        if (action is { } a) q = q.Where(e => e.Action == a);
        var total = await q.CountAsync(ct);
        var entries = await q.OrderByDescending(e => e.Id).Skip((page - 1) * PageSize).Take(PageSize).ToListAsync(ct);
        foreach (var e in entries) e.OccurredUtc = DateTime.SpecifyKind(e.OccurredUtc, DateTimeKind.Utc);
        return (entries, total);
    }

    private static string? Cut(string? value, int max) => value is { Length: > 0 } v && v.Length > max ? v[..max] : value;

    public static string Describe(AuditAction action) => action switch
    {
        AuditAction.SignedIn => "Ingelogd",
        AuditAction.SignInFailed => "Inloggen mislukt",
        AuditAction.LockedOut => "Account tijdelijk geblokkeerd na mislukte pogingen",
        AuditAction.SignedOut => "Uitgelogd",
        AuditAction.TwoFactorEnabled => "Tweestapsverificatie aangezet",
        AuditAction.TwoFactorDisabled => "Tweestapsverificatie uitgezet",
        AuditAction.TwoFactorFailed => "Verkeerde code bij tweestapsverificatie",
        AuditAction.PasswordResetRequested => "Nieuw wachtwoord aangevraagd",
        AuditAction.PasswordReset => "Wachtwoord opnieuw ingesteld",
        AuditAction.Invited => "Uitgenodigd",
        AuditAction.InvitationAccepted => "Uitnodiging aangenomen",
        AuditAction.RoleChanged => "Rol gewijzigd",
        AuditAction.OrganisationChanged => "Organisatie gewijzigd",
        AuditAction.Blocked => "Account geblokkeerd",
        AuditAction.Unblocked => "Account gedeblokkeerd",
        AuditAction.Published => "Gepubliceerd",
        AuditAction.Unpublished => "Gedepubliceerd",
        AuditAction.Deleted => "Verwijderd",
        AuditAction.SentBack => "Teruggestuurd",
        AuditAction.Submitted => "Ter beoordeling aangeboden",
        AuditAction.Restored => "Oude versie teruggezet",
        _ => action.ToString(),
    };
}
