using LerendeRegio.Web.Content;
using LerendeRegio.Web.Site;
using LerendeRegio.Web.Vocabularies;

namespace LerendeRegio.Web.Elements;

/// <summary>One rung of the evidence ladder: the level's term (name and meaning come from the recipe) and how to reach the next.</summary>
public sealed record EvidenceRung(int Level, Term Term, string? NextStep)
{
    public string Url => $"{ElementUrls.EvidenceLadder}#niveau-{Level}";
}

/// <summary>What a detail page shows of an item's evidence: its rung, who judged it and when, and how to climb.</summary>
public sealed record EvidenceView(
    IReadOnlyList<EvidenceRung> Ladder,
    EvidenceRung? Current,
    string? JudgedBy,
    string? JudgedOn,
    IReadOnlyList<RecognisedIntervention> Recognised)
{
    public bool Judged => Current is not null;

    /// <summary>Below level 2 a page says what is needed to climb a rung: that is where most local practice starts.</summary>
    public bool ShowNextStep => Current is { Level: < EvidenceLadder.RecognisedFrom, NextStep: not null };
}

/// <summary>A recognised intervention (level 2 or higher) that shares werkzame elementen with the item on the page.</summary>
public sealed record RecognisedIntervention(ContentSummary Item, int Level, IReadOnlyList<Term> SharedElements);

/// <summary>
/// The evidence ladder of the national youth-intervention databanks (0 Praktijkervaring … 5 Effectief – sterke
/// aanwijzingen). The names and meanings of the rungs are the <c>bewijsniveau</c> vocabulary of the recipe; what it
/// takes to climb from one rung to the next is written here, once, for every page that needs it.
/// </summary>
public static class EvidenceLadder
{
    /// <summary>From this level on an intervention counts as recognised ("erkend"): its working is well founded.</summary>
    public const int RecognisedFrom = 2;

    /// <summary>The fields of a content type that record the judgement; a type with a <c>bewijsniveau</c> taxonomy has them.</summary>
    public const string JudgedByField = "bewijsniveauOordeelDoor", JudgedOnField = "bewijsniveauDatum";

    private static readonly string[] NextSteps =
    [
        "Beschrijf de aanpak zo dat een ander hem kan overnemen: voor wie hij is, met welk doel, wat je precies doet (fasen, duur, intensiteit) en wat je nodig hebt aan mensen, tijd en geld. Vraag de redactie daarna om een nieuwe beoordeling.",
        "Leg uit waarom de aanpak werkt: welke werkzame elementen erin zitten en welke theorie of welk onderzoek elders laat zien dat die elementen helpen. Laat die onderbouwing beoordelen, het liefst door een onafhankelijke erkenningscommissie.",
        "Meet bij de deelnemers of de doelen worden bereikt, bijvoorbeeld met een meting voor en na de aanpak, en leg de uitkomsten vast in een rapport dat anderen kunnen lezen.",
        "Vergelijk de deelnemers met een groep die de aanpak niet of anders kreeg, zodat zichtbaar wordt wat de aanpak zelf toevoegt.",
        "Herhaal het vergelijkende onderzoek op meer plaatsen of met meer deelnemers en kijk ook naar het effect op langere termijn.",
    ];

    public static IReadOnlyList<EvidenceRung> Rungs(IReadOnlyList<Vocabulary> vocabularies) =>
        [.. (vocabularies.FirstOrDefault(v => v.Name == PublishedContentGraph.EvidenceVocabulary)?.Terms ?? [])
            .Select(t => int.TryParse(t.Id, out var level) ? new EvidenceRung(level, t, level < NextSteps.Length ? NextSteps[level] : null) : null)
            .OfType<EvidenceRung>()
            .OrderBy(r => r.Level)];

    /// <summary>Whether a content type records evidence (interventions and school practices do; lessons and projects do not).</summary>
    public static bool Applies(ContentTypeDefinition type) =>
        type.Fields.Any(f => f.Kind == FieldKind.Taxonomy && f.Vocabulary == PublishedContentGraph.EvidenceVocabulary);
}
