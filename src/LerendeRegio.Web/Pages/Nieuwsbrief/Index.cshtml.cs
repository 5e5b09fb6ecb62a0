using LerendeRegio.Web.Newsletter;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.RateLimiting;

namespace LerendeRegio.Web.Pages.Nieuwsbrief;

[EnableRateLimiting(SubscribeRateLimitPolicy.Name)]
public sealed class SubscribeModel(SubscriptionService subscriptions, NewsletterChoices choices) : PageModel
{
    public string? Email { get; private set; }
    public PreferenceForm Form { get; private set; } = null!;
    public bool Done { get; private set; }
    public string DoneMessage => NewsletterApi.Accepted.Message;
    public string? Problem { get; private set; }
    public bool EmailInvalid { get; private set; }

    public async Task OnGetAsync([FromQuery] string? email, CancellationToken ct)
    {
        ViewData["Title"] = "Nieuwsbrief";
        // The footer's form brings the address along; the choices are made here.
        Email = email?.Trim();
        Form = new PreferenceForm(await choices.GetAsync(ct), SubscriberPreferences.Everything);
    }

    public async Task OnPostAsync([FromForm] string? email, [FromForm] string[]? themes, [FromForm] string[]? gemeenten, [FromForm] string[]? types, CancellationToken ct)
    {
        ViewData["Title"] = "Nieuwsbrief";
        Email = email?.Trim();
        var set = await choices.GetAsync(ct);
        Form = new PreferenceForm(set, new SubscriberPreferences(themes ?? [], gemeenten ?? [], types ?? []));
        var result = await subscriptions.SubscribeAsync(email, themes, gemeenten, types, ct);
        switch (result.Outcome)
        {
            case SubscribeOutcome.Accepted:
                Done = true;
                break;
            case SubscribeOutcome.TooManyRequests:
                Response.StatusCode = StatusCodes.Status429TooManyRequests;
                Response.Headers.RetryAfter = Math.Max(1, (int)Math.Ceiling(result.RetryAfter.TotalSeconds)).ToString(System.Globalization.CultureInfo.InvariantCulture);
                Problem = $"Voor dit e-mailadres zijn te veel aanmeldingen gedaan. Probeer het over {NewsletterApi.Minutes(result.RetryAfter)} opnieuw.";
                break;
            default:
                Response.StatusCode = StatusCodes.Status400BadRequest;
                Problem = result.Problem;
                EmailInvalid = result.Field == "email";
                break;
        }
    }
}
