using System.Security.Claims;
using LerendeRegio.Web.Accounts;
using Microsoft.AspNetCore.Identity;

namespace LerendeRegio.Web.Recipes;

/// <summary><c>Roles</c>: the roles in Orchard's manner, each with its permissions (stored as role claims).</summary>
public sealed class RolesStep(RoleManager<IdentityRole> roles) : IRecipeStepHandler
{
    public string StepName => "Roles";

    private sealed record RoleBody(string Name, string? Description, IReadOnlyList<string> Permissions);

    private sealed record Body(IReadOnlyList<RoleBody> Roles);

    public async Task ExecuteAsync(RecipeStepContext context)
    {
        var body = context.Read<Body>();
        foreach (var r in body.Roles)
        {
            var unknown = r.Permissions.FirstOrDefault(p => !Permissions.All.Contains(p));
            if (unknown is not null) throw context.Fail($"rol '{r.Name}': onbekende permissie '{unknown}'; bekend zijn: {string.Join(", ", Permissions.All)}");
            var role = await roles.FindByNameAsync(r.Name);
            if (role is null)
            {
                role = new IdentityRole(r.Name);
                Check(context, await roles.CreateAsync(role));
            }
            var claims = await roles.GetClaimsAsync(role);
            var current = claims.Where(c => c.Type == Permissions.ClaimType).Select(c => c.Value).ToHashSet();
            foreach (var p in r.Permissions.Where(p => !current.Contains(p)))
                Check(context, await roles.AddClaimAsync(role, new Claim(Permissions.ClaimType, p)));
            foreach (var p in current.Where(p => !r.Permissions.Contains(p)))
                Check(context, await roles.RemoveClaimAsync(role, new Claim(Permissions.ClaimType, p)));
        }
    }

    private static void Check(RecipeStepContext context, IdentityResult result)
    {
        if (!result.Succeeded) throw context.Fail(string.Join("; ", result.Errors.Select(e => e.Description)));
    }
}
