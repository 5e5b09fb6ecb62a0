using Hangfire;
using LerendeRegio.Web.Accounts;
using LerendeRegio.Web.Newsletter;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace LerendeRegio.Web.Pages.Beheer.Nieuwsbrief;

/// <summary>Editors: preview a period's digest for sample choices, send themselves a test, send a period now, see failures.</summary>
[Authorize(Policy = Permissions.PublishContent)]
public sealed class NewsletterAdminModel(NewsletterPreview previews, NewsletterChoices choices, DigestRunner runner, IBackgroundJobClient jobs) : PageModel
{
    public DigestPeriod Period { get; private set; }
    public PreferenceForm Form { get; private set; } = null!;
    public PreviewResult? Preview { get; private set; }
    public string PreviewUrl { get; private set; } = "";
    public PeriodStatus Status { get; private set; } = null!;
    public IReadOnlyList<DeliveryFailure> Failures { get; private set; } = [];
    public string? Message { get; private set; }
    public string? Problem { get; private set; }

    public async Task OnGetAsync(CancellationToken ct) => await LoadAsync(ct);

    public async Task OnPostTestAsync(CancellationToken ct)
    {
        var problem = await previews.SendTestAsync(Request.Query["period"], Request.Form["themes"], Request.Form["gemeenten"], Request.Form["types"], User, ct);
        if (problem is null) Message = "De test is naar je eigen e-mailadres gestuurd.";
        else Problem = problem;
        await LoadAsync(ct, Request.Form);
    }

    public async Task OnPostVerstuurAsync(CancellationToken ct)
    {
        if (!DigestPeriod.TryParse(Request.Query["period"], out var period))
        {
            Problem = "Kies een maand, bijvoorbeeld 2026-10.";
        }
        else
        {
            jobs.Enqueue<DigestJobs>(j => j.StartAsync(period.Key, CancellationToken.None));
            Message = $"De verzending van {period.DisplayName} is gestart. Ververs de pagina om de voortgang te zien.";
        }
        await LoadAsync(ct);
    }

    private async Task LoadAsync(CancellationToken ct, IFormCollection? form = null)
    {
        ViewData["Title"] = "Nieuwsbrief";
        var query = Request.Query;
        var themes = form?["themes"] ?? query["themes"];
        var gemeenten = form?["gemeenten"] ?? query["gemeenten"];
        var types = form?["types"] ?? query["types"];
        Preview = await previews.BuildAsync(query["period"], themes, gemeenten, types, User, ct);
        Period = Preview.Period;
        if (Preview.Problem is not null)
        {
            Problem ??= Preview.Problem;
            Response.StatusCode = StatusCodes.Status400BadRequest;
        }
        Form = new PreferenceForm(await choices.GetAsync(ct), Preview.Preferences);
        PreviewUrl = QueryString.Create(
            new[] { new KeyValuePair<string, string?>("period", Period.Key) }
                .Concat(themes.Select(v => new KeyValuePair<string, string?>("themes", v)))
                .Concat(gemeenten.Select(v => new KeyValuePair<string, string?>("gemeenten", v)))
                .Concat(types.Select(v => new KeyValuePair<string, string?>("types", v)))).ToUriComponent() is var qs
            ? "/beheer/nieuwsbrief/voorbeeld" + qs : "";
        Status = await runner.StatusAsync(Period, ct);
        Failures = await runner.FailuresAsync(100, ct);
    }
}
