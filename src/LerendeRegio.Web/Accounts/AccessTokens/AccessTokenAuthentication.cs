using System.Security.Claims;
using System.Text.Encodings.Web;
using LerendeRegio.Web.Api;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;

namespace LerendeRegio.Web.Accounts.AccessTokens;

/// <summary>
/// <c>Authorization: Bearer lrpat_…</c>: the request acts as the token's user, with the user's current roles (a role
/// taken away also limits the token), plus a <c>scope</c> claim. Answers 401/403 as problem+json.
/// </summary>
public sealed class AccessTokenAuthenticationHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options,
    ILoggerFactory logger,
    UrlEncoder encoder,
    AccessTokenService tokens,
    UserManager<IdentityUser> users,
    IUserClaimsPrincipalFactory<IdentityUser> principals) : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string SchemeName = "AccessToken";
    public const string ScopeClaim = "scope";
    public const string TokenIdClaim = "token_id";

    public static string? BearerToken(HttpRequest request)
    {
        var header = request.Headers.Authorization.ToString();
        return header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase) ? header["Bearer ".Length..].Trim() : null;
    }

    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        var token = BearerToken(Request);
        if (token is null) return AuthenticateResult.NoResult();
        var record = await tokens.FindActiveAsync(token, Context.RequestAborted);
        if (record is null) return AuthenticateResult.Fail("unknown, expired or revoked token");
        var user = await users.FindByIdAsync(record.UserId);
        if (user is null || await users.IsLockedOutAsync(user)) return AuthenticateResult.Fail("the token's user is blocked");
        var principal = await principals.CreateAsync(user);
        var identity = new ClaimsIdentity(principal.Claims, SchemeName);
        identity.AddClaim(new Claim(TokenIdClaim, record.Id));
        identity.AddClaim(new Claim(ScopeClaim, "read"));
        if (record.Scope == TokenScope.Write) identity.AddClaim(new Claim(ScopeClaim, "write"));
        return AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(identity), SchemeName));
    }

    protected override async Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        var sent = BearerToken(Request) is not null;
        Response.Headers.WWWAuthenticate = sent ? "Bearer error=\"invalid_token\"" : "Bearer";
        await new ApiProblem(StatusCodes.Status401Unauthorized, "Niet aangemeld", "Unauthorized", sent
                ? "Deze API-sleutel is onbekend, verlopen of ingetrokken. Maak in het beheer een nieuwe sleutel aan."
                : "Stuur een persoonlijke API-sleutel mee: Authorization: Bearer lrpat_…. Je maakt hem aan in het beheer onder API-sleutels.")
            .ToResult().ExecuteAsync(Context);
    }

    protected override async Task HandleForbiddenAsync(AuthenticationProperties properties)
    {
        var canWrite = Context.User.HasClaim(ScopeClaim, "write");
        Response.Headers.WWWAuthenticate = canWrite ? "Bearer" : "Bearer error=\"insufficient_scope\", scope=\"write\"";
        await new ApiProblem(StatusCodes.Status403Forbidden, "Geen toestemming", "Forbidden", canWrite
                ? "Je rol staat deze handeling niet toe."
                : "Deze API-sleutel mag alleen lezen. Maak een sleutel met het bereik 'lezen en schrijven' aan.")
            .ToResult().ExecuteAsync(Context);
    }
}
