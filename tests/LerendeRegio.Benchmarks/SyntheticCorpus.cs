namespace LerendeRegio.Benchmarks;

public sealed record SyntheticItem(string Id, string Title, string Summary, string Terms, string Body, long Published);

/// <summary>The two corpora of the search benchmark (LERENDEREGIO_BENCH_CORPUS=zipf|domain; zipf unless told).</summary>
public enum CorpusKind
{
    /// <summary>Since 2026-12: a Zipf-shaped vocabulary of about 30 000 Dutch-looking word forms with the domain words among them.</summary>
    Zipf,

    /// <summary>Until 2026-11: every sentence from the same ~100 domain words, so a common word is in half of all items.</summary>
    Domain,
}

/// <summary>
/// A deterministic corpus of Dutch items for load and latency measurements, made with a seeded generator, so every run
/// and every engine gets the very same text.
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

    public static CorpusKind KindFromEnvironment() =>
        Environment.GetEnvironmentVariable("LERENDEREGIO_BENCH_CORPUS") is { Length: > 0 } kind ? Enum.Parse<CorpusKind>(kind, ignoreCase: true) : CorpusKind.Zipf;

    public static IEnumerable<SyntheticItem> Generate(int count, CorpusKind kind = CorpusKind.Zipf, int seed = 2026) =>
        kind == CorpusKind.Domain ? GenerateDomain(count, seed) : GenerateZipf(count, seed);

    /// <summary>The corpus until 2026-11: titles, summaries and bodies all from the few domain words above.</summary>
    private static IEnumerable<SyntheticItem> GenerateDomain(int count, int seed)
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

    // The most frequent Dutch words, in about their order of frequency in running text.
    private static readonly string[] FunctionWords =
    [
        "de", "en", "van", "het", "een", "in", "is", "dat", "op", "te", "voor", "met", "die", "niet", "zijn", "aan", "er", "om",
        "ook", "als", "bij", "of", "door", "naar", "wordt", "maar", "dan", "nog", "worden", "kan", "meer", "we", "ze", "hun",
        "deze", "wat", "uit", "over", "tot", "zo", "heeft", "hebben", "was", "werd", "waar", "wel", "moet", "geen", "na", "veel",
        "onder", "tussen", "goed", "andere", "hoe", "alle", "zich", "samen", "elkaar", "daarom", "omdat", "zodat", "vooral", "jaar",
    ];
    private static readonly string[] Onsets = ["b", "d", "g", "h", "k", "l", "m", "n", "p", "r", "s", "t", "v", "w", "z", "st", "sch", "br", "gr", "kl", "pl", "tr", "vr", "sl", "sp", "bl", "dr", "kr", "fl", "j"];
    private static readonly string[] Nuclei = ["a", "e", "i", "o", "u", "aa", "ee", "oo", "ie", "oe", "ui", "ei", "ij", "eu", "ou"];
    private static readonly string[] Codas = ["", "", "", "", "n", "r", "l", "k", "t", "s", "m", "nd", "ng", "rk", "st", "cht"];
    private static readonly string[] Suffixes = ["", "", "", "", "", "", "", "en", "ing", "heid", "er", "lijk", "ers", "te", "de", "ig"];
    private static readonly string[] PlaceEndings = ["veen", "wolde", "lo", "horn", "dorp", "mond", "oord", "wijk", "zijl", "broek", "haar", "kamp"];
    private static readonly string[] RoleEndings = ["coach", "werker", "team", "huis", "punt", "consulent", "netwerk", "loket", "adviseur", "begeleider"];

    /// <summary>
    /// Since 2026-12: text drawn from a Zipf distribution (word of rank r has weight 1/r) over about 30 000 word forms:
    /// Dutch function words first, then generated word forms, compounds and the domain words at spread-out ranks. Each
    /// item has its own topic (a role, a theme, a place, a target group) that recurs in its title, summary, terms and
    /// body, as in real items; roles and places are drawn from longer lists than the domain's own, also Zipf-shaped.
    /// Item length like the seeded content (title, summary and body about 2 000 characters, median 2 200 there).
    /// </summary>
    private static IEnumerable<SyntheticItem> GenerateZipf(int count, int seed)
    {
        var random = new Random(seed);
        var words = new Random(seed + 1);
        string Syllables(int n) => string.Concat(Enumerable.Range(0, n).Select(_ => Onsets[words.Next(Onsets.Length)] + Nuclei[words.Next(Nuclei.Length)] + Codas[words.Next(Codas.Length)]));
        var generated = new HashSet<string>(StringComparer.Ordinal);
        while (generated.Count < 24_000)
        {
            // One syllable for a third, two for half, three for the rest: word lengths like running Dutch text.
            var stem = Syllables(words.Next(6) switch { < 2 => 1, < 5 => 2, _ => 3 }) + Suffixes[words.Next(Suffixes.Length)];
            if (stem.Length >= 3) generated.Add(stem);
        }
        var stems = generated.ToArray();
        var shortStems = stems.Where(w => w.Length <= 6).ToArray();
        var compounds = Enumerable.Range(0, 4_000).Select(_ => shortStems[words.Next(shortStems.Length)] + shortStems[words.Next(shortStems.Length)]).Where(generated.Add).ToArray();
        var domain = Subjects.Concat(Objects).Concat(Themes).Concat(Actions).SelectMany(p => p.Split(' ')).Concat(Places.Select(p => p.ToLowerInvariant()))
            .Where(w => w.Length > 3).Distinct().ToArray();
        // Ranks: function words on top; the domain words spread log-uniformly over ranks 60–6 000 among the rest.
        var ranked = new List<string>(FunctionWords);
        var rest = new List<string>(stems.Concat(compounds).Where(w => !domain.Contains(w)));
        for (var i = rest.Count - 1; i > 0; i--)
        {
            var j = words.Next(i + 1);
            (rest[i], rest[j]) = (rest[j], rest[i]);
        }
        var slots = domain.Select(w => (Word: w, Rank: (int)Math.Exp(Math.Log(60) + words.NextDouble() * (Math.Log(6_000) - Math.Log(60))))).OrderBy(x => x.Rank).ToList();
        var next = 0;
        foreach (var word in rest)
        {
            while (next < slots.Count && slots[next].Rank <= ranked.Count) ranked.Add(slots[next++].Word);
            ranked.Add(word);
        }
        var vocabulary = ranked.ToArray();
        var cumulative = new double[vocabulary.Length];
        var total = 0.0;
        for (var r = 0; r < vocabulary.Length; r++) cumulative[r] = total += 1.0 / (r + 1);

        int Zipf(int n) // rank in 0..n-1 with weight 1/(rank+1)
        {
            var target = random.NextDouble() * cumulative[n - 1];
            var at = Array.BinarySearch(cumulative, 0, n, target);
            return at >= 0 ? at : ~at;
        }
        string Word() => vocabulary[Zipf(vocabulary.Length)];
        // Roles, places, themes and target groups: the domain's own among generated ones, in a shuffled order, drawn Zipf-shaped.
        string[] Shuffled(IEnumerable<string> items) => [.. items.OrderBy(_ => words.Next())];
        var roles = Shuffled(Subjects.Concat(Enumerable.Range(0, 400).Select(i => stems[(i * 7) % 3_000] + RoleEndings[i % RoleEndings.Length])));
        var places = Shuffled(Places.Concat(Enumerable.Range(0, 300).Select(i => Capital(stems[(i * 13) % 3_000]) + PlaceEndings[i % PlaceEndings.Length])));
        var themes = Shuffled(Themes.Concat(Enumerable.Range(0, 300).Select(i => stems[(i * 11) % 3_000] + stems[(i * 17 + 5) % 3_000])));
        var groups = Shuffled(Objects.Concat(Enumerable.Range(0, 300).Select(i => $"{stems[(i * 19) % 3_000]} {stems[(i * 23 + 1) % 3_000]}")));
        T Pick<T>(T[] from) => from[Zipf(from.Length)];

        var start = new DateTime(2019, 1, 1, 0, 0, 0, DateTimeKind.Utc).Ticks;
        for (var i = 0; i < count; i++)
        {
            var role = Pick(roles);
            var theme = Pick(themes);
            var place = Pick(places);
            var group = Pick(groups);
            var topic = $"{role} {theme} {place} {group}".Split(' ');
            var title = $"{Capital(role)} {Actions[random.Next(Actions.Length)]} {group} in {place}";
            var summary = $"Een aanpak rond {theme}: de {role} {Actions[random.Next(Actions.Length)]} {group}, samen met {Pick(roles)} en {Word()} {Word()}.";
            var body = new System.Text.StringBuilder();
            var sentences = 8 + random.Next(19);
            for (var s = 0; s < sentences; s++)
            {
                if (random.Next(5) == 0)
                {
                    body.Append($"{Fillers[random.Next(Fillers.Length)]} de {role} {Pick(groups)} {Actions[random.Next(Actions.Length)]} bij {theme} in {place}. ");
                    continue;
                }
                var length = 6 + random.Next(12);
                for (var w = 0; w < length; w++)
                {
                    var word = random.Next(8) == 0 ? topic[random.Next(topic.Length)] : Word();
                    body.Append(w == 0 ? Capital(word) : word).Append(w == length - 1 ? ". " : " ");
                }
            }
            var terms = $"{Capital(theme)}. {place}. {Capital(Pick(themes))}.";
            yield return new SyntheticItem($"synthetic-{i}", title, summary, terms, body.ToString(), start + (long)i * TimeSpan.TicksPerHour);
        }
    }

    private static string Capital(string s) => char.ToUpperInvariant(s[0]) + s[1..];
}
