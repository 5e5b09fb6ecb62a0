using LerendeRegio.Web.Newsletter;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace LerendeRegio.Web.Pages.Nieuwsbrief;

/// <summary>
/// Confirming takes a click on a button (a POST), not just opening the link: mail scanners that open every link
/// must not confirm a subscription the owner of the address never wanted.
/// </summary>
public sealed class ConfirmModel(SubscriptionService subscriptions) : PageModel
{
    public ConfirmOutcome? Outcome { get; private set; }

    public void OnGet() => ViewData["Title"] = "Aanmelding bevestigen";

    public async Task OnPostAsync(string token, CancellationToken ct)
    {
        ViewData["Title"] = "Aanmelding bevestigen";
        Outcome = await subscriptions.ConfirmAsync(token, ct);
        if (Outcome is ConfirmOutcome.Invalid or ConfirmOutcome.Expired) Response.StatusCode = StatusCodes.Status400BadRequest;
    }
}
