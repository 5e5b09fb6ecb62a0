using LerendeRegio.Web.Newsletter;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace LerendeRegio.Web.Pages.Nieuwsbrief;

/// <summary>
/// Confirming takes a click on a button (a POST), not just opening the link: mail scanners that open every link
/// must not confirm a subscription the owner of the address never wanted. The page first shows what the button
/// confirms (the subscription, the saved searches waiting for this address); the button confirms exactly those.
/// </summary>
public sealed class ConfirmModel(SubscriptionService subscriptions) : PageModel
{
    public PendingConfirmation? Pending { get; private set; }
    public ConfirmResult? Result { get; private set; }

    public async Task OnGetAsync(string token, CancellationToken ct)
    {
        ViewData["Title"] = "Aanmelding bevestigen";
        Pending = await subscriptions.PendingConfirmationAsync(token, ct);
    }

    public async Task OnPostAsync(string token, [FromForm(Name = "zoekopdracht")] long[]? searches, CancellationToken ct)
    {
        ViewData["Title"] = "Aanmelding bevestigen";
        Result = await subscriptions.ConfirmAsync(token, searches, ct);
        if (Result.Outcome is ConfirmOutcome.Invalid or ConfirmOutcome.Expired) Response.StatusCode = StatusCodes.Status400BadRequest;
    }
}
