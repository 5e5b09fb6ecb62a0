using LerendeRegio.Web.Newsletter;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace LerendeRegio.Web.Pages.Nieuwsbrief;

/// <summary>
/// The visible unsubscribe link (GET: a button) and the RFC 8058 one-click address (POST with
/// <c>List-Unsubscribe=One-Click</c>, sent by the mail provider without cookies). No antiforgery token: the signed token
/// in the address is the proof, and it keeps working after it expired or was used before.
/// </summary>
[IgnoreAntiforgeryToken]
public sealed class UnsubscribeModel(SubscriptionService subscriptions) : PageModel
{
    public bool Done { get; private set; }

    public void OnGet() => ViewData["Title"] = "Afmelden";

    public async Task OnPostAsync(string token, CancellationToken ct)
    {
        ViewData["Title"] = "Afmelden";
        await subscriptions.UnsubscribeAsync(token, ct);
        Done = true;
    }
}
