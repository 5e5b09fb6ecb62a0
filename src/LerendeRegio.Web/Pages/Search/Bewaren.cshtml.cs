using System.Globalization;
using LerendeRegio.Web.Newsletter;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.RateLimiting;

namespace LerendeRegio.Web.Pages.Search;

/// <summary>
/// Saving a search for the monthly digest. The form comes from /zoeken, whose anonymous pages are cached for everyone
/// and so carry no antiforgery token: an anonymous save needs none (it asks for an address and changes nothing before
/// the owner of that address confirms by mail, like the subscribe form). Saving to a signed-in account happens at once
/// and therefore only with a valid antiforgery token; without one the request is treated as anonymous. Sending counts
/// against the subscribe limits (per client address here, per e-mail address in the service).
/// </summary>
[IgnoreAntiforgeryToken]
[EnableRateLimiting(SubscribeRateLimitPolicy.Name)]
public sealed class SaveModel(SavedSearchService savedSearches, UserManager<IdentityUser> users, IAntiforgery antiforgery) : PageModel
{
    public SaveSearchForm? Form { get; private set; }
    public string? Problem { get; private set; }
    public SaveSearchResult? Result { get; private set; }
    public string SearchPath { get; private set; } = "/zoeken";

    public async Task OnGetAsync(CancellationToken ct)
    {
        ViewData["Title"] = "Zoekopdracht bewaren";
        var (criteria, name, problem, _) = await savedSearches.ReadAsync(Request.QueryString.Value?.TrimStart('?'), null, ct);
        if (criteria is null)
        {
            Refuse(problem!);
            return;
        }
        SearchPath = criteria.SitePath();
        var description = (await savedSearches.SuggestAsync(criteria, ct))!.Value.Description;
        Form = new SaveSearchForm(criteria.QueryString, name, description, await AccountEmailAsync());
    }

    public async Task OnPostAsync([FromForm] string? zoekopdracht, [FromForm] string? naam, [FromForm] string? email, CancellationToken ct)
    {
        ViewData["Title"] = "Zoekopdracht bewaren";
        var account = await AccountEmailAsync() is { } address && await antiforgery.IsRequestValidAsync(HttpContext) ? address : null;
        var (criteria, name, problem, field) = await savedSearches.ReadAsync(zoekopdracht, naam, ct);
        if (criteria is null)
        {
            Refuse(problem!);
            return;
        }
        SearchPath = criteria.SitePath();
        var description = (await savedSearches.SuggestAsync(criteria, ct))!.Value.Description;
        if (problem is not null)
        {
            Response.StatusCode = StatusCodes.Status400BadRequest;
            Form = new SaveSearchForm(criteria.QueryString, naam ?? "", description, account, email, problem, field);
            return;
        }
        Result = account is not null
            ? await savedSearches.SaveForAccountAsync(account, criteria, name, ct)
            : await savedSearches.SaveAnonymouslyAsync(email, criteria, name, ct);
        switch (Result.Outcome)
        {
            case SaveSearchOutcome.Invalid:
                Response.StatusCode = StatusCodes.Status400BadRequest;
                Form = new SaveSearchForm(criteria.QueryString, name, description, account, email?.Trim(), Result.Problem, Result.Field);
                break;
            case SaveSearchOutcome.TooManyRequests:
                Response.StatusCode = StatusCodes.Status429TooManyRequests;
                Response.Headers.RetryAfter = Math.Max(1, (int)Math.Ceiling(Result.RetryAfter.TotalSeconds)).ToString(CultureInfo.InvariantCulture);
                Problem = $"Voor dit e-mailadres zijn te veel aanvragen gedaan. Probeer het over {NewsletterApi.Minutes(Result.RetryAfter)} opnieuw.";
                Form = new SaveSearchForm(criteria.QueryString, name, description, account, email?.Trim());
                break;
            case SaveSearchOutcome.LimitReached:
                Response.StatusCode = StatusCodes.Status409Conflict;
                break;
        }
    }

    /// <summary>The signed-in account's address, when the account has one that was verified (by the invitation).</summary>
    private async Task<string?> AccountEmailAsync()
    {
        if (User.Identity?.IsAuthenticated != true) return null;
        var user = await users.GetUserAsync(User);
        return user is { EmailConfirmed: true, Email: { Length: > 0 } email } ? email : null;
    }

    private void Refuse(string problem)
    {
        Problem = problem;
        Response.StatusCode = StatusCodes.Status400BadRequest;
    }
}
