using System.ComponentModel.DataAnnotations;

namespace LerendeRegio.Web.Pages.Beheer;

/// <summary>A new password, twice (reset and invitation pages).</summary>
public sealed class NewPasswordInput
{
    [Required(ErrorMessage = "Kies een wachtwoord.")]
    [DataType(DataType.Password)]
    [Display(Name = "Nieuw wachtwoord")]
    public string Password { get; set; } = "";

    [Required(ErrorMessage = "Vul het wachtwoord nog een keer in.")]
    [DataType(DataType.Password)]
    [Compare(nameof(Password), ErrorMessage = "De twee wachtwoorden zijn niet gelijk.")]
    [Display(Name = "Nog een keer")]
    public string Repeat { get; set; } = "";
}
