using System.Security.Claims;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;

namespace LerendeRegio.Web.Accounts;

/// <summary>Claims of a staff member beyond Identity's own: the organisation they work for, and whether 2FA is on.</summary>
public static class StaffClaims
{
    /// <summary>A user claim: the school, municipality or project an account belongs to.</summary>
    public const string Organisation = "organisation";

    /// <summary>Added at sign-in (and at every security-stamp refresh) when the account has two-factor authentication on.</summary>
    public const string TwoFactor = "lr:2fa";

    public static string? Id(this ClaimsPrincipal user) => user.FindFirstValue(ClaimTypes.NameIdentifier);

    public static string? OrganisationOf(this ClaimsPrincipal user) => user.FindFirstValue(Organisation) is { Length: > 0 } o ? o : null;

    public static bool Has(this ClaimsPrincipal user, string permission) => user.HasClaim(Permissions.ClaimType, permission);
}

/// <summary>Identity's principal plus the <see cref="StaffClaims.TwoFactor"/> claim the administrator rule reads without a database round trip.</summary>
public sealed class StaffClaimsPrincipalFactory(UserManager<IdentityUser> users, RoleManager<IdentityRole> roles, IOptions<IdentityOptions> options)
    : UserClaimsPrincipalFactory<IdentityUser, IdentityRole>(users, roles, options)
{
    protected override async Task<ClaimsIdentity> GenerateClaimsAsync(IdentityUser user)
    {
        var identity = await base.GenerateClaimsAsync(user);
        if (await UserManager.GetTwoFactorEnabledAsync(user)) identity.AddClaim(new Claim(StaffClaims.TwoFactor, "true"));
        return identity;
    }
}
