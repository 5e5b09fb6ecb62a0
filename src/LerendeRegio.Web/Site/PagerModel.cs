using Microsoft.AspNetCore.WebUtilities;

namespace LerendeRegio.Web.Site;

/// <summary>Paging links that keep the other query parameters (filters) of the current URL.</summary>
public sealed record PagerModel(int Page, int PageCount, string Path, IQueryCollection Query, string Parameter = ContentListing.PageParameter)
{
    public string UrlFor(int page)
    {
        var pairs = Query.Where(q => q.Key != Parameter).SelectMany(q => q.Value.Select(v => new KeyValuePair<string, string?>(q.Key, v))).ToList();
        if (page > 1) pairs.Add(new(Parameter, page.ToString(System.Globalization.CultureInfo.InvariantCulture)));
        return QueryHelpers.AddQueryString(Path, pairs);
    }
}
