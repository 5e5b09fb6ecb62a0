using System.Security.Claims;
using LerendeRegio.Web.Audit;
using LerendeRegio.Web.Data;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;

namespace LerendeRegio.Web.Accounts;

/// <summary>One staff account as the user list shows it.</summary>
public sealed record StaffAccount(string Id, string Email, string? Role, string? Organisation, bool Blocked, bool Invited, bool TwoFactor, bool TemporarilyLockedOut);

/// <summary>A refused account change, with the Dutch reason and the form field it concerns.</summary>
public sealed class AccountChangeException(string field, string message) : Exception(message)
{
    public string Field { get; } = field;
}

/// <summary>
/// What administrators do with accounts: invite, change role and organisation, block and unblock. Every change is in
/// the audit log, and every change that affects rights renews the account's security stamp, so open sessions pick it
/// up at their next check (within two minutes) instead of keeping old rights until the cookie ends.
/// </summary>
public sealed class StaffAccounts(UserManager<IdentityUser> users, LerendeRegioDbContext db, AccountMails mails, AuditLog audit, TimeProvider clock)
{
    /// <summary>Far enough ahead to mean "until an administrator unblocks", distinct from the 15-minute lockout.</summary>
    public static readonly DateTimeOffset BlockedUntil = new(9999, 12, 31, 0, 0, 0, TimeSpan.Zero);

    public static bool IsBlocked(IdentityUser user) => user.LockoutEnd is { } end && end.Year >= 9000;

    public async Task<IReadOnlyList<StaffAccount>> ListAsync(CancellationToken ct = default)
    {
        var accounts = await db.Users.AsNoTracking().OrderBy(u => u.Email).ToListAsync(ct);
        var roles = await (from ur in db.UserRoles join r in db.Roles on ur.RoleId equals r.Id select new { ur.UserId, r.Name }).ToListAsync(ct);
        var organisations = await db.UserClaims.Where(c => c.ClaimType == StaffClaims.Organisation).Select(c => new { c.UserId, c.ClaimValue }).ToListAsync(ct);
        var now = clock.GetUtcNow();
        return [.. accounts.Select(u => new StaffAccount(u.Id, u.Email ?? u.UserName ?? u.Id,
            roles.FirstOrDefault(r => r.UserId == u.Id)?.Name, organisations.FirstOrDefault(o => o.UserId == u.Id)?.ClaimValue,
            IsBlocked(u), u.PasswordHash is null, u.TwoFactorEnabled, !IsBlocked(u) && u.LockoutEnd > now))];
    }

    public async Task<StaffAccount?> GetAsync(string id, CancellationToken ct = default) =>
        (await ListAsync(ct)).FirstOrDefault(a => a.Id == id);

    public async Task<IdentityUser> InviteAsync(ClaimsPrincipal by, string email, string role, string? organisation, CancellationToken ct = default)
    {
        email = email.Trim();
        organisation = Normalise(organisation);
        if (!RoleNames.All.Contains(role)) throw new AccountChangeException("Input.Role", "Kies een van de rollen.");
        if (await users.FindByEmailAsync(email) is not null) throw new AccountChangeException("Input.Email", $"Er is al een account met het e-mailadres {email}.");
        var user = new IdentityUser { UserName = email, Email = email };
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        Check("Input.Email", await users.CreateAsync(user));
        Check("Input.Role", await users.AddToRoleAsync(user, role));
        if (organisation is not null) Check("Input.Organisation", await users.AddClaimAsync(user, new Claim(StaffClaims.Organisation, organisation)));
        audit.Add(AuditAction.Invited, email, $"Rol {RoleNames.Dutch(role)}{(organisation is null ? "" : ", " + organisation)}", by);
        await db.SaveChangesAsync(ct);
        await transaction.CommitAsync(ct);
        await SendInvitationAsync(user, role, organisation, by, ct);
        return user;
    }

    public async Task SendInvitationAsync(IdentityUser user, string role, string? organisation, ClaimsPrincipal by, CancellationToken ct = default)
    {
        var token = await users.GenerateUserTokenAsync(user, InvitationTokenProvider.ProviderName, InvitationTokenProvider.Purpose);
        await mails.SendInvitationAsync(user, token, role, organisation, by.Identity?.Name, ct);
    }

    public async Task ChangeAsync(ClaimsPrincipal by, string id, string role, string? organisation, CancellationToken ct = default)
    {
        var user = await users.FindByIdAsync(id) ?? throw new AccountChangeException("", "Dit account bestaat niet (meer).");
        if (!RoleNames.All.Contains(role)) throw new AccountChangeException("Input.Role", "Kies een van de rollen.");
        organisation = Normalise(organisation);
        var current = (await users.GetRolesAsync(user)).FirstOrDefault();
        var currentOrganisation = (await users.GetClaimsAsync(user)).FirstOrDefault(c => c.Type == StaffClaims.Organisation);
        if (current == Roles.Administrator && role != Roles.Administrator && await IsLastAdministratorAsync(user))
            throw new AccountChangeException("Input.Role", "Dit is de laatste beheerder. Maak eerst iemand anders beheerder.");
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        if (current != role)
        {
            if (current is not null) Check("Input.Role", await users.RemoveFromRoleAsync(user, current));
            Check("Input.Role", await users.AddToRoleAsync(user, role));
            audit.Add(AuditAction.RoleChanged, user.Email, $"{(current is null ? "geen rol" : RoleNames.Dutch(current))} → {RoleNames.Dutch(role)}", by);
        }
        if (currentOrganisation?.Value != organisation)
        {
            if (currentOrganisation is not null) Check("Input.Organisation", await users.RemoveClaimAsync(user, currentOrganisation));
            if (organisation is not null) Check("Input.Organisation", await users.AddClaimAsync(user, new Claim(StaffClaims.Organisation, organisation)));
            audit.Add(AuditAction.OrganisationChanged, user.Email, $"{currentOrganisation?.Value ?? "geen"} → {organisation ?? "geen"}", by);
        }
        Check("", await users.UpdateSecurityStampAsync(user));
        await db.SaveChangesAsync(ct);
        await transaction.CommitAsync(ct);
    }

    public async Task SetBlockedAsync(ClaimsPrincipal by, string id, bool blocked, CancellationToken ct = default)
    {
        var user = await users.FindByIdAsync(id) ?? throw new AccountChangeException("", "Dit account bestaat niet (meer).");
        if (blocked && user.Id == by.Id()) throw new AccountChangeException("", "Je kunt jezelf niet blokkeren.");
        if (blocked && (await users.GetRolesAsync(user)).Contains(Roles.Administrator) && await IsLastAdministratorAsync(user))
            throw new AccountChangeException("", "Dit is de laatste beheerder; die kun je niet blokkeren.");
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        Check("", await users.SetLockoutEndDateAsync(user, blocked ? BlockedUntil : null));
        if (!blocked) Check("", await users.ResetAccessFailedCountAsync(user));
        Check("", await users.UpdateSecurityStampAsync(user));
        audit.Add(blocked ? AuditAction.Blocked : AuditAction.Unblocked, user.Email, null, by);
        await db.SaveChangesAsync(ct);
        await transaction.CommitAsync(ct);
    }

    private async Task<bool> IsLastAdministratorAsync(IdentityUser user)
    {
        var admins = await users.GetUsersInRoleAsync(Roles.Administrator);
        return admins.Where(a => !IsBlocked(a)).All(a => a.Id == user.Id);
    }

    private static string? Normalise(string? organisation) => organisation?.Trim() is { Length: > 0 } o ? o : null;

    private static void Check(string field, IdentityResult result)
    {
        if (!result.Succeeded) throw new AccountChangeException(field, string.Join(" ", result.Errors.Select(e => e.Description)));
    }
}
