namespace LerendeRegio.Web.Pages.Search;

/// <summary>
/// The "Bewaar deze zoekopdracht" form: the search as /zoeken's query string, the suggested (or typed) name, and for
/// someone signed in the account's address (saved at once, the form carries an antiforgery token) or else an address
/// field (a confirmation mail follows; no token, so the anonymous search page stays cacheable).
/// </summary>
public sealed record SaveSearchForm(string QueryString, string Name, string Description, string? SignedInEmail, string? Email = null,
    string? Problem = null, string? ProblemField = null)
{
    public bool NameInvalid => ProblemField == "naam";

    public bool EmailInvalid => ProblemField == "email";
}
