namespace LerendeRegio.Web.Vocabularies;

/// <summary>A shared vocabulary (Orchard's taxonomy): pijler, thema, gemeente, werkzaam element, …</summary>
public sealed class Vocabulary
{
    public required string Name { get; set; }
    public required string DisplayName { get; set; }
    public required string PluralDisplayName { get; set; }
    public string? Description { get; set; }
    public int SortOrder { get; set; }
    public List<Term> Terms { get; set; } = [];
}

public sealed class Term
{
    public required string VocabularyName { get; set; }
    /// <summary>Stable id, also the URL segment.</summary>
    public required string Id { get; set; }
    public required string DisplayName { get; set; }
    public string? Description { get; set; }
    /// <summary>Other words people use for this term, one per line; search expands them.</summary>
    public string Synonyms { get; set; } = "";
    public int SortOrder { get; set; }

    public IEnumerable<string> SynonymList => Synonyms.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
}
