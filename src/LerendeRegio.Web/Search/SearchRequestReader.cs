using System.Globalization;

namespace LerendeRegio.Web.Search;

/// <summary>
/// Reads a search from a query string. The search page uses Dutch parameter names (q, soort, pagina, sortering);
/// the API the English ones (q, type, page, pageSize, sort). Vocabulary filters use the vocabulary's name in both.
/// </summary>
public static class SearchRequestReader
{
    public sealed record Names(string Type, string Page, string PageSize, string Sort, string DateSort);

    public static readonly Names Dutch = new("soort", "pagina", "per", "sortering", "datum");
    public static readonly Names English = new("type", "page", "pageSize", "sort", "date");

    public static SearchRequest Read(IQueryCollection query, Names names, int defaultPageSize = 10)
    {
        var filters = new Dictionary<string, IReadOnlyList<string>>();
        foreach (var (key, values) in query)
        {
            if (key == "q" || key == names.Type || key == names.Page || key == names.PageSize || key == names.Sort) continue;
            var ids = values.OfType<string>().Where(v => v.Length > 0).Distinct().ToList();
            if (ids.Count > 20) throw new SearchInputException($"Kies hoogstens 20 waarden bij '{key}'.");
            if (ids.Count > 0) filters[key] = ids;
        }
        return new SearchRequest
        {
            Text = query["q"].ToString(),
            Types = [.. query[names.Type].OfType<string>().Where(v => v.Length > 0).Distinct()],
            Filters = filters,
            Page = Number(query, names.Page, 1, "paginanummer"),
            PageSize = Number(query, names.PageSize, defaultPageSize, "aantal per pagina"),
            Sort = query[names.Sort].ToString() switch
            {
                "" or "relevantie" or "relevance" => SearchSort.Relevance,
                var s when s == names.DateSort => SearchSort.Date,
                var s => throw new SearchInputException($"Sorteren op '{s}' kan niet; kies relevantie of {names.DateSort}."),
            },
        };
    }

    private static int Number(IQueryCollection query, string name, int fallback, string label)
    {
        var value = query[name].ToString();
        if (value.Length == 0) return fallback;
        return int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var n)
            ? n
            : throw new SearchInputException($"'{value}' is geen geldig {label}. Gebruik een heel getal.");
    }
}
