namespace LerendeRegio.Benchmarks;

public sealed record SyntheticItem(string Id, string Title, string Summary, string Terms, string Body, long Published);

/// <summary>
/// A deterministic corpus of realistic Dutch items for load and latency measurements: titles, summaries and bodies
/// built from the domain's own words (themes, places, target groups, working elements) with a seeded generator, so
/// every run and every engine gets the very same text.
/// </summary>
public static class SyntheticCorpus
{
    private static readonly string[] Subjects =
    [
        "kansencoach", "gezinscoach", "jongerenwerker", "vrijwilliger", "huisarts", "maatschappelijk werker", "leerkracht",
        "buurtsportcoach", "energiecoach", "wijkverpleegkundige", "schuldhulpverlener", "mentor", "ouder", "school", "dorpshuis",
        "woningcorporatie", "bibliotheek", "ondernemer", "mbo-opleiding", "gemeente", "sociaal team", "peuteropvang",
    ];
    private static readonly string[] Actions =
    [
        "ondersteunt", "begeleidt", "bereikt", "verbindt", "helpt", "signaleert", "versterkt", "activeert", "traint", "adviseert",
        "bezoekt", "ontzorgt", "betrekt", "coacht", "informeert",
    ];
    private static readonly string[] Objects =
    [
        "gezinnen met geldzorgen", "jongeren tussen 12 en 18 jaar", "ouders van peuters", "kinderen op de basisschool",
        "ouderen die langer thuis willen wonen", "laaggeletterde inwoners", "huurders met een hoge energierekening",
        "leerlingen bij de overstap naar het voortgezet onderwijs", "werkzoekenden", "mantelzorgers", "nieuwkomers",
        "bewoners van kleine dorpen", "zorgmedewerkers in opleiding", "jongvolwassenen zonder startkwalificatie",
    ];
    private static readonly string[] Themes =
    [
        "armoede en schulden", "kansengelijkheid", "jeugdhulp dichtbij", "laaggeletterdheid", "energiearmoede",
        "leefbaarheid", "gezondheid en bewegen", "techniekonderwijs", "arbeidsmarkt", "eenzaamheid", "vroegsignalering",
        "ouderbetrokkenheid", "informele steun", "digitale vaardigheden", "verduurzaming van woningen",
    ];
    private static readonly string[] Places =
    [
        "Emmen", "Coevorden", "Hoogeveen", "Hardenberg", "Borger-Odoorn", "Aa en Hunze", "Assen", "Meppel", "Tynaarlo",
        "Westerveld", "De Wolden", "Midden-Drenthe", "Noordenveld", "Valthermond", "Exloërmond", "Nieuw-Amsterdam",
    ];
    private static readonly string[] Fillers =
    [
        "In de praktijk blijkt dat", "Na een jaar zagen we dat", "Belangrijk is dat", "Volgens de deelnemers", "Het werkt vooral omdat",
        "Wat niet werkte was dat", "Een les voor anderen is dat", "Bij de start merkten we dat",
    ];

    public static IEnumerable<SyntheticItem> Generate(int count, int seed = 2026)
    {
        var random = new Random(seed);
        T Pick<T>(T[] from) => from[random.Next(from.Length)];
        var start = new DateTime(2019, 1, 1, 0, 0, 0, DateTimeKind.Utc).Ticks;
        for (var i = 0; i < count; i++)
        {
            var subject = Pick(Subjects);
            var theme = Pick(Themes);
            var place = Pick(Places);
            var title = $"{Capital(subject)} {Pick(Actions)} {Pick(Objects)} in {place}";
            var summary = $"Een aanpak rond {theme}: de {subject} {Pick(Actions)} {Pick(Objects)}, samen met {Pick(Subjects)} en {Pick(Subjects)}.";
            var body = string.Join(' ', Enumerable.Range(0, 6 + random.Next(10)).Select(_ =>
                $"{Pick(Fillers)} de {Pick(Subjects)} {Pick(Objects)} {Pick(Actions)} bij {Pick(Themes)} in {Pick(Places)}."));
            var terms = $"{Capital(theme)}. {place}. {Capital(Pick(Themes))}.";
            yield return new SyntheticItem($"synthetic-{i}", title, summary, terms, body, start + (long)i * TimeSpan.TicksPerHour);
        }
    }

    private static string Capital(string s) => char.ToUpperInvariant(s[0]) + s[1..];
}
