using Lucene.Net.Analysis;
using Lucene.Net.Analysis.Core;
using Lucene.Net.Analysis.Miscellaneous;
using Lucene.Net.Analysis.Snowball;
using Lucene.Net.Analysis.Standard;
using Lucene.Net.Util;

namespace LerendeRegio.Web.Search;

/// <summary>
/// Dutch analysis for how people really write: lower case, accents folded (ë → e), Dutch stop words, common
/// irregular plurals mapped by hand (scholen → school, huizen → huis), Snowball's Dutch stemming (it conflated fewer unrelated words than Kraaij-Pohlmann on our sample: KP stems gemeente to meen and
/// schulden and schuld apart), plural endings of loanwords the stemmer leaves alone (coaches, interventies), and at index time
/// decompounding of common compounds (basisscholen → basis + school). Queries are not decompounded, so a search for
/// "jeugdhulp" matches "jeugdhulpverlening" without "hulp" alone matching everything.
/// </summary>
public sealed class DutchAnalyzer(bool decompound) : Analyzer
{
    public const LuceneVersion Version = LuceneVersion.LUCENE_48;

    /// <summary>Word parts that compounds in this domain are made of; singular and plural where both occur.</summary>
    public static readonly IReadOnlyList<string> CompoundParts =
    [
        "basis", "school", "scholen", "jeugd", "jeugdhulp", "jeugdzorg", "hulp", "hulpverlening", "verlening", "zorg",
        "kind", "kinderen", "ouder", "ouders", "gezin", "gezinnen", "gezins", "coach", "coaches", "kansen", "kans",
        "werk", "werken", "wonen", "woning", "woningen", "energie", "armoede", "schuld", "schulden", "taal", "sport",
        "onderwijs", "leerling", "leerlingen", "leraar", "leerkracht", "leerkrachten", "project", "projecten", "wijk",
        "wijken", "dorp", "dorpen", "buurt", "huis", "huizen", "welzijn", "brief", "brieven", "nieuws", "opvoeding",
        "ondersteuning", "mentor", "vrijwilliger", "vrijwilligers", "geld", "gezondheid", "techniek", "arbeid",
        "markt", "personeel", "regio", "thuis", "team", "teams", "netwerk", "netwerken", "signalering", "praktijk",
        "huisarts", "maatschappelijk", "werker", "werkers", "peuter", "peuters", "kleuter", "kleuters", "klas",
        "vervoer", "bedrijf", "bedrijven", "ondernemer", "ondernemers", "duurzaam", "duurzaamheid",
    ];

    /// <summary>Irregular forms the stemmer gets wrong, mapped to the stem of the regular form.</summary>
    public static readonly IReadOnlyDictionary<string, string> Irregular = new Dictionary<string, string>
    {
        ["scholen"] = "schol", ["huizen"] = "huis", ["kinderen"] = "kind", ["nieuwsbrieven"] = "nieuwsbrief",
        ["brieven"] = "brief", ["steden"] = "stad", ["schepen"] = "schip", ["gemeenten"] = "gemeent", ["gemeentes"] = "gemeent",
        ["leraren"] = "leraar", ["musea"] = "museum", ["coaches"] = "coach", ["gezinnen"] = "gezin", ["dorpen"] = "dorp",
        ["wijken"] = "wijk", ["ouders"] = "ouder", ["jongeren"] = "jong", ["jongere"] = "jong",
    };

    private static readonly PartTrie CompoundDictionary = new(CompoundParts);
    private static readonly StemmerOverrideFilter.StemmerOverrideMap Overrides = BuildOverrides();

    protected override TokenStreamComponents CreateComponents(string fieldName, TextReader reader)
    {
        var source = new StandardTokenizer(Version, reader);
        TokenStream stream = new LowerCaseFilter(Version, source);
        stream = new ASCIIFoldingFilter(stream);
        stream = new StopFilter(Version, stream, Lucene.Net.Analysis.Nl.DutchAnalyzer.DefaultStopSet);
        if (decompound)
            stream = new CompoundPartFilter(stream, CompoundDictionary);
        stream = new StemmerOverrideFilter(stream, Overrides);
        stream = new DutchPluralFilter(stream);
        stream = new SnowballFilter(stream, new Lucene.Net.Tartarus.Snowball.Ext.DutchStemmer());
        stream = new VowelUndoublingFilter(stream);
        return new TokenStreamComponents(source, stream);
    }

    private static StemmerOverrideFilter.StemmerOverrideMap BuildOverrides()
    {
        var builder = new StemmerOverrideFilter.Builder(ignoreCase: true);
        foreach (var (word, stem) in Irregular) builder.Add(word, stem);
        return builder.Build();
    }

    /// <summary>The analysed tokens of a text (for tests and the query builder).</summary>
    public IReadOnlyList<string> Tokens(string text)
    {
        var tokens = new List<string>();
        using var stream = GetTokenStream("body", text);
        var term = stream.AddAttribute<Lucene.Net.Analysis.TokenAttributes.ICharTermAttribute>();
        stream.Reset();
        while (stream.IncrementToken()) tokens.Add(term.ToString());
        stream.End();
        return tokens;
    }
}

/// <summary>
/// Plural endings the Snowball stemmer leaves alone: English loanwords in -ches (coaches → coach) and words in -ies
/// (interventies → interventie, activiteiten are handled by the stemmer).
/// </summary>
public sealed class DutchPluralFilter : TokenFilter
{
    private readonly Lucene.Net.Analysis.TokenAttributes.ICharTermAttribute _term;
    private readonly Lucene.Net.Analysis.TokenAttributes.IKeywordAttribute _keyword;

    public DutchPluralFilter(TokenStream input) : base(input)
    {
        _term = AddAttribute<Lucene.Net.Analysis.TokenAttributes.ICharTermAttribute>();
        _keyword = AddAttribute<Lucene.Net.Analysis.TokenAttributes.IKeywordAttribute>();
    }

    public override bool IncrementToken()
    {
        if (!m_input.IncrementToken()) return false;
        if (_keyword.IsKeyword) return true;
        var length = _term.Length;
        var buffer = _term.Buffer;
        if (length > 5 && EndsWith(buffer, length, "ches")) _term.SetLength(length - 2);
        else if (length > 5 && EndsWith(buffer, length, "ies")) _term.SetLength(length - 1);
        return true;
    }

    private static bool EndsWith(char[] buffer, int length, string suffix) =>
        new ReadOnlySpan<char>(buffer, 0, length).EndsWith(suffix, StringComparison.Ordinal);
}

/// <summary>
/// Makes the open and closed syllable spellings of a stem meet: the stemmer leaves "sociaal" but turns "sociale" into
/// "social", "regionaal"/"regionale", "jaar"/"jaren" likewise. A double vowel before a final consonant becomes single.
/// </summary>
public sealed class VowelUndoublingFilter : TokenFilter
{
    private readonly Lucene.Net.Analysis.TokenAttributes.ICharTermAttribute _term;

    public VowelUndoublingFilter(TokenStream input) : base(input) => _term = AddAttribute<Lucene.Net.Analysis.TokenAttributes.ICharTermAttribute>();

    public override bool IncrementToken()
    {
        if (!m_input.IncrementToken()) return false;
        var n = _term.Length;
        var b = _term.Buffer;
        if (n >= 4 && !IsVowel(b[n - 1]) && b[n - 2] == b[n - 3] && b[n - 2] is 'a' or 'e' or 'o' or 'u' && !IsVowel(b[n - 4]))
        {
            b[n - 2] = b[n - 1];
            _term.SetLength(n - 1);
        }
        return true;
    }

    private static bool IsVowel(char c) => c is 'a' or 'e' or 'i' or 'o' or 'u' or 'y';
}
