using LerendeRegio.Web.Data;
using Microsoft.AspNetCore.Identity;

namespace LerendeRegio.Web.Accounts;

public static class AccountsExtensions
{
    /// <summary>ASP.NET Core Identity on our database; sign-in pages arrive with the contributors' issue.</summary>
    public static IHostApplicationBuilder AddAccounts(this IHostApplicationBuilder builder)
    {
        builder.Services.AddIdentityCore<IdentityUser>(o =>
            {
                o.User.RequireUniqueEmail = true;
                o.Password.RequiredLength = 12;
                // Length over composition rules (NIST SP 800-63B): a long passphrase is strong without digits or capitals.
                o.Password.RequireNonAlphanumeric = false;
                o.Password.RequireDigit = false;
                o.Password.RequireUppercase = false;
                o.Password.RequireLowercase = false;
                o.Lockout.MaxFailedAccessAttempts = 5;
            })
            .AddRoles<IdentityRole>()
            .AddEntityFrameworkStores<LerendeRegioDbContext>();
        return builder;
    }
}
