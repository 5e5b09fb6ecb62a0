using System.Globalization;

namespace LerendeRegio.Web.Elements;

/// <summary>Plain-language Dutch for counts and lists in sentences ("3 projecten", "A, B en C").</summary>
public static class Dutch
{
    public static readonly CultureInfo Culture = CultureInfo.GetCultureInfo("nl-NL");
    public static readonly StringComparer Order = StringComparer.Create(Culture, CompareOptions.IgnoreCase);

    public static string Count(int n, string one, string many) => $"{n} {(n == 1 ? one : many)}";

    public static string Projects(int n) => Count(n, "project", "projecten");

    public static string Municipalities(int n) => Count(n, "gemeente", "gemeenten");

    public static string Items(int n) => Count(n, "item", "items");

    public static string List(IEnumerable<string> parts)
    {
        var list = parts.ToList();
        return list.Count switch
        {
            0 => "",
            1 => list[0],
            _ => string.Join(", ", list.Take(list.Count - 1)) + " en " + list[^1],
        };
    }
}
