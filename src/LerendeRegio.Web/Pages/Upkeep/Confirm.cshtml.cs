using System.ComponentModel.DataAnnotations;
using LerendeRegio.Web.Content;
using LerendeRegio.Web.Upkeep;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace LerendeRegio.Web.Pages.Upkeep;

/// <summary>The owner's answer to "is this still current?", reached from the reminder mail without a password.</summary>
[ResponseCache(Duration = 0, Location = ResponseCacheLocation.None, NoStore = true)]
public sealed class ConfirmModel(UpkeepService upkeep, ContentManager content) : PageModel
{
    public sealed class AnswerInput
    {
        [Required(ErrorMessage = "Kies of het nog actueel is.")]
        [Display(Name = "Is dit nog actueel?")]
        public bool? StillCurrent { get; set; }

        [StringLength(UpkeepService.MaxAppliedElsewhere, ErrorMessage = "Schrijf hoogstens 2000 tekens.")]
        [Display(Name = "Is het ergens anders toegepast? Waar?")]
        public string? AppliedElsewhere { get; set; }
    }

    [BindProperty]
    public AnswerInput Input { get; set; } = new();

    public ContentItem? Item { get; private set; }

    public bool Thanked { get; private set; }

    public async Task<IActionResult> OnGetAsync(string token, CancellationToken ct) => await LoadAsync(token, ct) ? Page() : Expired();

    public async Task<IActionResult> OnPostAsync(string token, CancellationToken ct)
    {
        if (!await LoadAsync(token, ct)) return Expired();
        if (!ModelState.IsValid)
        {
            Response.StatusCode = StatusCodes.Status400BadRequest;
            return Page();
        }
        await upkeep.RecordAnswerAsync(Item!.ContentItemId, Input.StillCurrent!.Value, Input.AppliedElsewhere, Item.Owner, ct);
        Thanked = true;
        return Page();
    }

    private async Task<bool> LoadAsync(string token, CancellationToken ct)
    {
        ViewData["Title"] = "Klopt het nog?";
        var id = upkeep.ReadToken(token);
        Item = id is null ? null : await content.GetAsync(id, VersionOptions.Published, ct);
        return Item is not null;
    }

    private PageResult Expired()
    {
        Response.StatusCode = StatusCodes.Status400BadRequest;
        return Page();
    }
}
