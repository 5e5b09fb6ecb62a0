using LerendeRegio.Web.Content;
using LerendeRegio.Web.Site;
using LerendeRegio.Web.Vocabularies;

namespace LerendeRegio.Web.Newsletter;

public sealed record Choice(string Id, string DisplayName);

/// <summary>What a subscriber can choose from: the thema and gemeente vocabularies and the content types of the recipe.</summary>
public sealed record NewsletterChoiceSet(IReadOnlyList<Choice> Themes, IReadOnlyList<Choice> Gemeenten, IReadOnlyList<Choice> Types)
{
    public string ThemeName(string id) => Themes.FirstOrDefault(c => c.Id == id)?.DisplayName ?? id;

    public string GemeenteName(string id) => Gemeenten.FirstOrDefault(c => c.Id == id)?.DisplayName ?? id;

    public string TypeName(string id) => Types.FirstOrDefault(c => c.Id == id)?.DisplayName ?? id;

    /// <summary>"Alles" or "Jeugd en techniek · Emmen · Schoolpraktijken".</summary>
    public string Describe(SubscriberPreferences preferences) => preferences.IsEverything
        ? "alles"
        : string.Join(" · ", preferences.Themes.Select(ThemeName).Concat(preferences.Gemeenten.Select(GemeenteName)).Concat(preferences.Types.Select(TypeName)));
}

public sealed class NewsletterChoices(VocabularyStore vocabularies, ContentDefinitionStore definitions)
{
    public const string ThemeVocabulary = "thema", GemeenteVocabulary = "gemeente";
    public const int MaxPerList = 100;

    public async Task<NewsletterChoiceSet> GetAsync(CancellationToken ct = default)
    {
        var vocabs = await vocabularies.GetAllAsync(ct);
        var types = SiteOverview.OrderedTypes(await definitions.GetTypesAsync(ct));
        return new(Terms(vocabs, ThemeVocabulary), Terms(vocabs, GemeenteVocabulary), [.. types.Select(t => new Choice(t.Name, t.PluralDisplayName))]);
    }

    private static List<Choice> Terms(IReadOnlyList<Vocabulary> vocabs, string name) =>
        [.. (vocabs.FirstOrDefault(v => v.Name == name)?.Terms ?? []).OrderBy(t => t.SortOrder).ThenBy(t => t.DisplayName).Select(t => new Choice(t.Id, t.DisplayName))];

    /// <summary>Checks chosen values against the vocabularies; a Dutch message and the list it concerns on failure.</summary>
    public static (SubscriberPreferences? Preferences, string? Problem, string? Field) Validate(NewsletterChoiceSet set,
        IEnumerable<string>? themes, IEnumerable<string>? gemeenten, IEnumerable<string>? types)
    {
        var t = Clean(themes);
        var g = Clean(gemeenten);
        var ty = Clean(types);
        foreach (var (values, known, field, label) in new[]
        {
            (t, set.Themes, "themes", "thema"), (g, set.Gemeenten, "gemeenten", "gemeente"), (ty, set.Types, "types", "soort inhoud"),
        })
        {
            if (values.Count > MaxPerList) return (null, $"Kies hoogstens {MaxPerList} waarden bij {label}.", field);
            var unknown = values.FirstOrDefault(v => !known.Any(k => k.Id == v));
            if (unknown is not null)
                return (null, $"'{unknown}' is geen bekende {label}. Mogelijk zijn: {string.Join(", ", known.Select(k => k.Id))}.", field);
        }
        return (new SubscriberPreferences(t, g, ty), null, null);
    }

    private static List<string> Clean(IEnumerable<string>? values) =>
        [.. (values ?? []).Where(v => !string.IsNullOrWhiteSpace(v)).Select(v => v.Trim()).Distinct(StringComparer.Ordinal)];
}
