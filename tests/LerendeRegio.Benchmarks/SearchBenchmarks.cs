using BenchmarkDotNet.Attributes;

namespace LerendeRegio.Benchmarks;

/// <summary>The BenchmarkDotNet view of the same engines (opened from the stores built above).</summary>
[MemoryDiagnoser]
public class SearchBenchmarks
{
    public static string Folder { get; set; } = "";
    public static string Postgres { get; set; } = "";
    public static readonly string[] Queries =
    [
        "kansencoach", "jongeren Emmen", "armoede en schulden vroegsignalering", "ouders van peuters taal Valthermond",
        "ouderbetrokkenheid basisschool", "energiecoach huurders",
    ];

    private IEngine _engine = null!;

    [Params("lucene", "fts5", "postgres")]
    public string Engine { get; set; } = "";

    [Params(MatchRule.MostWords, MatchRule.EveryWordElseAny)]
    public MatchRule Rule { get; set; }

    [ParamsSource(nameof(QueryValues))]
    public string Query { get; set; } = "";

    public static IEnumerable<string> QueryValues() => Queries;

    [GlobalSetup]
    public void Setup() => _engine = Engine switch
    {
        "lucene" => new LuceneEngine(Path.Combine(Folder, "lucene")),
        "fts5" => new Fts5Engine(Path.Combine(Folder, "fts5.db")),
        _ => new PostgresEngine(Postgres),
    };

    [GlobalCleanup]
    public void Cleanup() => _engine.Dispose();

    [Benchmark]
    public int Top10() => _engine.Top10(Query, Rule).Count;
}
