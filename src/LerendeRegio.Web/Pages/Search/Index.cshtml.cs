using System.Security.Claims;
using LerendeRegio.Web.Content;
using LerendeRegio.Web.Newsletter;
using LerendeRegio.Web.Search;
using LerendeRegio.Web.Site;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.OutputCaching;

namespace LerendeRegio.Web.Pages.Search;

[OutputCache(PolicyName = SiteExtensions.PublicPagePolicy)]
public sealed class IndexModel(SearchService search, SavedSearchService savedSearches, ContentDefinitionStore definitions) : PageModel
{
    /// <summary>The content types by name, for the kind of item each hit is.</summary>
    public IReadOnlyDictionary<string, ContentTypeDefinition> Types { get; private set; } = new Dictionary<string, ContentTypeDefinition>();

    public SearchRequest Request_ { get; private set; } = new();
    public SearchResult? Result { get; private set; }
    public InputProblem? Problem { get; private set; }
    public string? Unavailable { get; private set; }
    /// <summary>"Bewaar deze zoekopdracht", for a search with words or filters that can be saved.</summary>
    public SaveSearchForm? SaveForm { get; private set; }

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        ViewData["Title"] = "Zoeken";
        try
        {
            Types = await definitions.GetTypesAsync(ct);
            Request_ = SearchRequestReader.Read(Request.Query, SearchRequestReader.Dutch);
            Result = await search.SearchAsync(Request_, ct);
            if (Request_.Text.Length > 0) ViewData["Title"] = $"Zoeken naar ‘{Request_.Text}’";
            SaveForm = await SaveFormAsync(ct);
        }
        catch (SearchInputException e)
        {
            Problem = new InputProblem(e.Message);
            Response.StatusCode = StatusCodes.Status400BadRequest;
        }
        catch (SearchUnavailableException e)
        {
            Unavailable = e.Message;
            Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
            Response.Headers.RetryAfter = "5";
        }
        return Page();
    }

    private async Task<SaveSearchForm?> SaveFormAsync(CancellationToken ct)
    {
        if (Request_.Text.Length == 0 && Request_.Filters.Count == 0 && Request_.Types.Count == 0) return null;
        SavedSearchCriteria criteria;
        try
        {
            criteria = SavedSearchCriteria.FromQueryString(Request.QueryString.Value?.TrimStart('?'));
        }
        catch (SearchInputException)
        {
            return null; // too many filters to keep; the search itself works
        }
        if (await savedSearches.SuggestAsync(criteria, ct) is not var (name, description)) return null;
        // Signed-in pages are never cached, so they may show the account's address; the save itself checks the account.
        var email = User.Identity?.IsAuthenticated == true ? User.FindFirstValue(ClaimTypes.Email) : null;
        return new SaveSearchForm(criteria.QueryString, name, description, email);
    }

    /// <summary>The current search with one parameter changed (for "bedoelde u" and sorting links).</summary>
    public string With(string key, string? value)
    {
        var pairs = Request.Query.Where(q => q.Key != key && q.Key != SearchRequestReader.Dutch.Page)
            .SelectMany(q => q.Value.Select(v => new KeyValuePair<string, string?>(q.Key, v))).ToList();
        if (!string.IsNullOrEmpty(value)) pairs.Add(new(key, value));
        return Microsoft.AspNetCore.WebUtilities.QueryHelpers.AddQueryString("/zoeken", pairs);
    }
}
