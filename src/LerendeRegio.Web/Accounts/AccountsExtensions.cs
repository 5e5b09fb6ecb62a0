using LerendeRegio.Web.Accounts.AccessTokens;
using LerendeRegio.Web.Data;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace LerendeRegio.Web.Accounts;

public static class AccountsExtensions
{
    /// <summary>Staff pages live under this path; everything there needs a signed-in user.</summary>
    public const string StaffArea = "/beheer";

    /// <summary>Chooses per request: an API request with a bearer token is the token's user, everything else the sign-in cookie.</summary>
    public const string DefaultScheme = "CookieOrToken";

    /// <summary>Writes through the API: only with a personal access token of scope write (never a cookie, so no CSRF).</summary>
    public const string ApiWritePolicy = "ApiWrite";

    /// <summary>
    /// ASP.NET Core Identity on our database with cookie sign-in, and one authorization policy per permission
    /// (named like the permission), so pages and endpoints say what they need: <c>RequireAuthorization(Permissions.X)</c>.
    /// </summary>
    public static IHostApplicationBuilder AddAccounts(this IHostApplicationBuilder builder)
    {
        var authentication = builder.Services.AddAuthentication(DefaultScheme)
            .AddPolicyScheme(DefaultScheme, "Aanmelding of API-sleutel", o => o.ForwardDefaultSelector = context =>
                context.Request.Path.StartsWithSegments("/api") && AccessTokenAuthenticationHandler.BearerToken(context.Request) is not null
                    ? AccessTokenAuthenticationHandler.SchemeName
                    : IdentityConstants.ApplicationScheme)
            .AddScheme<AuthenticationSchemeOptions, AccessTokenAuthenticationHandler>(AccessTokenAuthenticationHandler.SchemeName, null);
        authentication.AddIdentityCookies();
        builder.Services.AddScoped<AccessTokenService>();
        // One key ring for all nodes, kept in the database: a cookie or a mail link made on one node works on every
        // other one, and survives a restart or a new container.
        builder.Services.AddDataProtection().SetApplicationName("LerendeRegio").PersistKeysToDbContext<LerendeRegioDbContext>();
        builder.Services.TryAddSingleton(TimeProvider.System);
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
                o.Lockout.DefaultLockoutTimeSpan = TimeSpan.FromMinutes(15);
                o.Lockout.AllowedForNewUsers = true;
            })
            .AddRoles<IdentityRole>()
            .AddEntityFrameworkStores<LerendeRegioDbContext>()
            .AddSignInManager()
            .AddDefaultTokenProviders()
            .AddTokenProvider<InvitationTokenProvider>(InvitationTokenProvider.ProviderName)
            .AddClaimsPrincipalFactory<StaffClaimsPrincipalFactory>()
            .AddErrorDescriber<DutchIdentityErrorDescriber>();
        // A reset link is for now, not for next week; an invitation may wait a few days in a school's mailbox.
        builder.Services.Configure<DataProtectionTokenProviderOptions>(o => o.TokenLifespan = TimeSpan.FromHours(3));
        builder.Services.AddHttpContextAccessor();
        builder.Services.AddScoped<AccountMails>();
        builder.Services.AddScoped<StaffAccounts>();
        // A role change or a revoked account takes effect within minutes, not at the cookie's end.
        builder.Services.Configure<SecurityStampValidatorOptions>(o => o.ValidationInterval = TimeSpan.FromMinutes(2));
        builder.Services.ConfigureApplicationCookie(o =>
        {
            o.Cookie.Name = "lr.aanmelding";
            o.Cookie.HttpOnly = true;
            o.Cookie.SameSite = SameSiteMode.Lax;
            o.ExpireTimeSpan = TimeSpan.FromHours(8);
            o.SlidingExpiration = true;
            o.LoginPath = StaffArea + "/inloggen";
            o.LogoutPath = StaffArea + "/uitloggen";
            o.AccessDeniedPath = StaffArea + "/geen-toegang";
            // Machines get a status code, people a page.
            o.Events.OnRedirectToLogin = context => Answer(context, StatusCodes.Status401Unauthorized);
            o.Events.OnRedirectToAccessDenied = context => Answer(context, StatusCodes.Status403Forbidden);
        });
        builder.Services.AddAuthorizationBuilder().AddPermissionPolicies()
            .AddPolicy(ApiWritePolicy, p => p.AddAuthenticationSchemes(AccessTokenAuthenticationHandler.SchemeName).RequireAuthenticatedUser()
                .RequireClaim(AccessTokenAuthenticationHandler.ScopeClaim, "write"));
        // Deny by default: every staff page needs a signed-in user unless it says otherwise. PostConfigure, because
        // Razor Pages' own options setup replaces the conventions collection and may run after a plain Configure.
        builder.Services.PostConfigure<Microsoft.AspNetCore.Mvc.RazorPages.RazorPagesOptions>(o =>
        {
            o.Conventions.AuthorizeFolder("/Beheer");
            o.Conventions.AllowAnonymousToPage("/Beheer/Inloggen");
            o.Conventions.AllowAnonymousToPage("/Beheer/GeenToegang");
            o.Conventions.AllowAnonymousToPage("/Beheer/Tweestaps");
            o.Conventions.AllowAnonymousToPage("/Beheer/WachtwoordVergeten");
            o.Conventions.AllowAnonymousToPage("/Beheer/WachtwoordHerstellen");
            o.Conventions.AllowAnonymousToPage("/Beheer/Uitnodiging");
        });
        return builder;
    }

    /// <summary>Where an administrator without two-factor authentication is sent before anything else in beheer.</summary>
    public const string TwoFactorSetupPath = StaffArea + "/account/tweestapsverificatie";

    // Pages an administrator without 2FA may still reach: the setup itself, and the ways in and out.
    private static readonly string[] AllowedWithoutTwoFactor =
        [TwoFactorSetupPath, StaffArea + "/uitloggen", StaffArea + "/inloggen", StaffArea + "/tweestaps", StaffArea + "/geen-toegang"];

    /// <summary>
    /// Administrators can change every account, so a stolen password alone must not be enough: until they have two-factor
    /// authentication on, every staff page sends them to set it up. Read from a claim that the security-stamp check
    /// refreshes, so switching it on or off takes effect at once (the pages refresh the sign-in) or within minutes.
    /// </summary>
    private static Task RequireTwoFactorForAdministrators(HttpContext context, Func<Task> next)
    {
        var user = context.User;
        if (user.Identity?.IsAuthenticated == true
            && context.Request.Path.StartsWithSegments(StaffArea)
            && user.IsInRole(Roles.Administrator)
            && !user.HasClaim(StaffClaims.TwoFactor, "true")
            && !AllowedWithoutTwoFactor.Any(p => context.Request.Path.StartsWithSegments(p, StringComparison.OrdinalIgnoreCase)))
        {
            context.Response.Redirect(TwoFactorSetupPath);
            return Task.CompletedTask;
        }
        return next();
    }

    private static Task Answer(Microsoft.AspNetCore.Authentication.RedirectContext<Microsoft.AspNetCore.Authentication.Cookies.CookieAuthenticationOptions> context, int status)
    {
        if (context.Request.Path.StartsWithSegments("/api"))
        {
            context.Response.StatusCode = status;
        }
        else
        {
            context.Response.Redirect(context.RedirectUri);
        }
        return Task.CompletedTask;
    }

    private static AuthorizationBuilder AddPermissionPolicies(this AuthorizationBuilder builder)
    {
        foreach (var permission in Permissions.All)
        {
            builder.AddPolicy(permission, p => p.RequireAuthenticatedUser().RequireClaim(Permissions.ClaimType, permission));
        }
        return builder;
    }

    /// <summary>Who the request is: after routing, before the output cache (which never stores a signed-in user's page).</summary>
    public static WebApplication UseAccounts(this WebApplication app)
    {
        app.UseAuthentication();
        app.Use(async (context, next) =>
        {
            // A wrong token is an error, not an anonymous visit: a client must notice that its key expired.
            if (context.Request.Path.StartsWithSegments("/api") && AccessTokenAuthenticationHandler.BearerToken(context.Request) is not null
                && context.User.Identity?.IsAuthenticated != true)
            {
                await context.ChallengeAsync(AccessTokenAuthenticationHandler.SchemeName);
                return;
            }
            await next(context);
        });
        app.UseAuthorization();
        // Staff pages show drafts and personal data: no shared cache or browser history may keep them.
        app.Use((context, next) =>
        {
            if (context.Request.Path.StartsWithSegments(StaffArea))
            {
                context.Response.Headers.CacheControl = "no-store";
            }
            return next(context);
        });
        app.Use(RequireTwoFactorForAdministrators);
        return app;
    }
}
