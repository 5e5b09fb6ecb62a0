namespace LerendeRegio.Web.Site;

/// <summary>Site-wide settings that the recipe sets and the programme team may change later.</summary>
public sealed record SiteSettings
{
    public string SiteName { get; init; } = "LerendeRegio";
    public string Tagline { get; init; } = "";
    public string Theme { get; init; } = "Drenthe";
    public int PageSize { get; init; } = 12;
    public string Culture { get; init; } = "nl-NL";
    public string TimeZone { get; init; } = "Europe/Amsterdam";
    /// <summary>Groups of words search treats as the same (po ~ primair onderwijs), besides the vocabularies' synonyms.</summary>
    public IReadOnlyList<IReadOnlyList<string>> SearchSynonyms { get; init; } = [];
}

/// <summary>A settings document stored as JSON under a name.</summary>
public sealed class SettingsRecord
{
    public required string Name { get; set; }
    public required string Json { get; set; }
}
