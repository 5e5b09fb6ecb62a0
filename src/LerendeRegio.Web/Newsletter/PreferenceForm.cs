namespace LerendeRegio.Web.Newsletter;

/// <summary>What the preference checkboxes show: the choices and what is ticked.</summary>
public sealed record PreferenceForm(NewsletterChoiceSet Choices, SubscriberPreferences Chosen)
{
    public IEnumerable<(string Name, string Legend, IReadOnlyList<Choice> Choices, IReadOnlyList<string> Chosen)> Lists =>
    [
        ("themes", "Thema's", Choices.Themes, Chosen.Themes),
        ("gemeenten", "Gemeenten", Choices.Gemeenten, Chosen.Gemeenten),
        ("types", "Soorten inhoud", Choices.Types, Chosen.Types),
    ];
}
