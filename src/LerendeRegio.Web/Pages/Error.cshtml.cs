using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace LerendeRegio.Web.Pages;

// A failed form post is re-executed here as a POST; it must show the error, not fail on a missing token.
[IgnoreAntiforgeryToken]
[ResponseCache(Duration = 0, Location = ResponseCacheLocation.None, NoStore = true)]
public sealed class ErrorModel(ILogger<ErrorModel> logger) : PageModel
{
    public int Code { get; private set; }

    public IActionResult OnGet(int? code) => Show(code);

    public IActionResult OnPost(int? code) => Show(code);

    private PageResult Show(int? code)
    {
        // Direct visits to /fout show the page for an unexpected error; re-executed requests keep their status.
        Code = code is >= 400 and < 600 ? code.Value : 500;
        Response.StatusCode = Code;
        var exception = HttpContext.Features.Get<IExceptionHandlerPathFeature>();
        if (exception is not null) logger.LogError(exception.Error, "Unhandled error on {Path}", exception.Path);
        ViewData["Title"] = Title;
        return Page();
    }

    private string? OriginalPath => HttpContext.Features.Get<IStatusCodeReExecuteFeature>()?.OriginalPath;

    public string Title => Code switch
    {
        404 => "Pagina niet gevonden",
        400 => "Deze vraag begrijpen we niet",
        403 => "Geen toegang",
        405 => "Dat kan hier niet",
        429 => "Even rustig aan",
        503 => "Even niet beschikbaar",
        >= 500 => "Er ging iets mis",
        _ => "Dat lukte niet",
    };

    public string Explanation => Code switch
    {
        404 => "De pagina die je zoekt bestaat niet (meer). Misschien is het adres verkeerd getypt, of is de inhoud verplaatst.",
        400 => "Het verzoek bevat iets wat we niet kunnen verwerken. Controleer het adres of de ingevulde gegevens.",
        403 => "Je hebt geen toegang tot deze pagina.",
        405 => "Deze pagina kan op deze manier niet worden opgevraagd.",
        429 when OriginalPath?.StartsWith("/nieuwsbrief", StringComparison.Ordinal) == true =>
            "Vanaf dit adres zijn in korte tijd te veel aanmeldingen voor de nieuwsbrief gedaan. Probeer het over een uur opnieuw.",
        429 when OriginalPath?.StartsWith("/zoeken/bewaren", StringComparison.Ordinal) == true =>
            "Vanaf dit adres zijn in korte tijd te veel zoekopdrachten bewaard of aanmeldingen voor de nieuwsbrief gedaan. Probeer het over een uur opnieuw.",
        429 => "Er kwamen te veel verzoeken tegelijk binnen. Probeer het over een minuut opnieuw.",
        503 => "De site wordt op dit moment ingericht of onderhouden. Probeer het over een paar minuten opnieuw.",
        >= 500 => "Er ging bij ons iets mis. Het is vastgelegd en we zoeken het uit. Probeer het later nog eens.",
        _ => "Het verzoek kon niet worden afgehandeld.",
    };
}
