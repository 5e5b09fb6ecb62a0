using LerendeRegio.Web.Newsletter;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace LerendeRegio.Web.Pages.Nieuwsbrief;

/// <summary>Preferences, saved searches, data export and erasure from a link in any mail, without a password.</summary>
public sealed class PreferencesModel(SubscriptionService subscriptions, NewsletterChoices choices, SavedSearchService savedSearches) : PageModel
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
    public bool GeneralDigest { get; private set; }
    public PreferenceForm Form { get; private set; } = null!;
    public IReadOnlyList<SavedSearchView> Searches { get; private set; } = [];
    public bool Saved { get; private set; }
    public bool Erased { get; private set; }
    public string? Problem { get; private set; }
    /// <summary>What happened to a saved search (renamed, deleted), or why not.</summary>
    public string? SearchMessage { get; private set; }
    public bool SearchProblem { get; private set; }

    /// <summary>Nothing would be sent: the general part is off and no saved search is active.</summary>
    public bool ReceivesNothing => !GeneralDigest && Searches.All(s => s.Waiting);

    public async Task OnGetAsync(string token, CancellationToken ct) => await LoadAsync(token, ct);

    public async Task OnPostOpslaanAsync(string token, [FromForm] string[]? themes, [FromForm] string[]? gemeenten, [FromForm] string[]? types,
        [FromForm(Name = "algemeen")] string? general, CancellationToken ct)
    {
        var subscriber = await LoadAsync(token, ct);
        if (subscriber is null) return;
        bool? generalDigest = general switch
        {
            "aan" => true,
            "uit" => false,
            _ => null,
        };
        if (general is { Length: > 0 } && generalDigest is null)
        {
            (Saved, Problem) = (false, "Kies bij het algemene maandoverzicht ‘ja’ of ‘nee’.");
            Response.StatusCode = StatusCodes.Status400BadRequest;
            return;
        }
        var (saved, problem) = await subscriptions.UpdatePreferencesAsync(subscriber, themes, gemeenten, types, generalDigest, ct);
        (Saved, Problem) = (saved, problem);
        if (!saved) Response.StatusCode = StatusCodes.Status400BadRequest;
        Form = new PreferenceForm(Form.Choices, subscriber.Preferences);
        GeneralDigest = subscriber.GeneralDigest;
    }

    public async Task OnPostHernoemenAsync(string token, [FromForm] long id, [FromForm] string? naam, CancellationToken ct)
    {
        var subscriber = await LoadAsync(token, ct);
        if (subscriber is null) return;
        var problem = await savedSearches.RenameAsync(subscriber, id, naam, ct);
        (SearchMessage, SearchProblem) = problem is null ? ("De naam is gewijzigd.", false) : (problem, true);
        if (problem is not null) Response.StatusCode = StatusCodes.Status400BadRequest;
        Searches = await savedSearches.ListAsync(subscriber, ct);
    }

    public async Task OnPostZoekopdrachtVerwijderenAsync(string token, [FromForm] long id, CancellationToken ct)
    {
        var subscriber = await LoadAsync(token, ct);
        if (subscriber is null) return;
        var removed = Searches.FirstOrDefault(s => s.Id == id);
        if (await savedSearches.DeleteAsync(subscriber, id, ct))
        {
            SearchMessage = $"De zoekopdracht ‘{removed?.Name}’ is verwijderd.";
        }
        else
        {
            (SearchMessage, SearchProblem) = ("Deze zoekopdracht bestaat niet (meer).", true);
            Response.StatusCode = StatusCodes.Status404NotFound;
        }
        Searches = await savedSearches.ListAsync(subscriber, ct);
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
        GeneralDigest = subscriber.GeneralDigest;
        Form = new PreferenceForm(await choices.GetAsync(ct), subscriber.Preferences);
        Searches = await savedSearches.ListAsync(subscriber, ct);
        return subscriber;
    }
}
