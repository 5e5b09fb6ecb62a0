using LerendeRegio.Web.Newsletter;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace LerendeRegio.Web.Pages.Nieuwsbrief;

/// <summary>Preferences, data export and erasure from a link in any mail, without a password.</summary>
public sealed class PreferencesModel(SubscriptionService subscriptions, NewsletterChoices choices) : PageModel
{
    public enum LinkState
    {
        Valid,
        Expired,
        Unknown,
    }

    public LinkState State { get; private set; }
    public string Token { get; private set; } = "";
    public string Email { get; private set; } = "";
    public bool Confirmed { get; private set; }
    public PreferenceForm Form { get; private set; } = null!;
    public bool Saved { get; private set; }
    public bool Erased { get; private set; }
    public string? Problem { get; private set; }

    public async Task OnGetAsync(string token, CancellationToken ct) => await LoadAsync(token, ct);

    public async Task OnPostOpslaanAsync(string token, [FromForm] string[]? themes, [FromForm] string[]? gemeenten, [FromForm] string[]? types, CancellationToken ct)
    {
        var subscriber = await LoadAsync(token, ct);
        if (subscriber is null) return;
        var (saved, problem) = await subscriptions.UpdatePreferencesAsync(subscriber, themes, gemeenten, types, ct);
        (Saved, Problem) = (saved, problem);
        if (!saved) Response.StatusCode = StatusCodes.Status400BadRequest;
        Form = new PreferenceForm(Form.Choices, subscriber.Preferences);
    }

    public async Task OnPostVerwijderenAsync(string token, CancellationToken ct)
    {
        var subscriber = await LoadAsync(token, ct);
        if (subscriber is null) return;
        await subscriptions.EraseAsync(subscriber, ct);
        Erased = true;
    }

    private async Task<Subscriber?> LoadAsync(string token, CancellationToken ct)
    {
        ViewData["Title"] = "Je nieuwsbrief";
        Token = token;
        var found = await subscriptions.FromManageTokenAsync(token, ct);
        if (found is not var (subscriber, expired))
        {
            State = LinkState.Unknown;
            Response.StatusCode = StatusCodes.Status404NotFound;
            return null;
        }
        if (expired)
        {
            State = LinkState.Expired;
            return null;
        }
        State = LinkState.Valid;
        Email = subscriber.Email;
        Confirmed = subscriber.Status == SubscriberStatus.Confirmed;
        Form = new PreferenceForm(await choices.GetAsync(ct), subscriber.Preferences);
        return subscriber;
    }
}
