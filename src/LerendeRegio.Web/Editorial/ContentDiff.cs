using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using LerendeRegio.Web.Content;
using LerendeRegio.Web.Vocabularies;

namespace LerendeRegio.Web.Editorial;

public enum DiffKind
{
    Same,
    Added,
    Removed,
}

public sealed record DiffSegment(DiffKind Kind, string Text);

/// <summary>One field compared between two versions: its words, marked as kept, added or removed.</summary>
public sealed record FieldDiff(string Label, IReadOnlyList<DiffSegment> Segments)
{
    public bool Changed => Segments.Any(s => s.Kind != DiffKind.Same);
    public int WordsAdded => Segments.Where(s => s.Kind == DiffKind.Added).Sum(s => WordCount(s.Text));
    public int WordsRemoved => Segments.Where(s => s.Kind == DiffKind.Removed).Sum(s => WordCount(s.Text));

    private static int WordCount(string text) => text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries).Length;
}

/// <summary>
/// A readable difference between two versions of an item, field by field and word by word. Every field kind is
/// first written as the text a person reads (term names, linked titles, "Ja"/"Nee"), so the diff says
/// "Thema's: + Armoede en schulden" rather than showing changed JSON.
/// </summary>
public sealed partial class ContentDiff(VocabularyStore vocabularies, EditorialQueries queries)
{
    /// <summary>Above this many token pairs the diff shows "all old removed, all new added" instead of a word-level diff.</summary>
    private const long MaxCells = 4_000_000;

    public async Task<IReadOnlyList<FieldDiff>> CompareAsync(ContentTypeDefinition type, ContentItem? before, ContentItem after, CancellationToken ct = default)
    {
        var vocabularyList = await vocabularies.GetAllAsync(ct);
        var ids = new HashSet<string>();
        foreach (var f in type.Fields.Where(f => f.Kind == FieldKind.ContentPicker))
        {
            foreach (var v in new[] { before?.Fields[f.Name], after.Fields[f.Name] }.OfType<JsonArray>())
                foreach (var id in v.OfType<JsonValue>()) if (id.TryGetValue<string>(out var s)) ids.Add(s);
        }
        var titles = await queries.TitlesAsync(ids, ct);
        var diffs = new List<FieldDiff>
        {
            new("Titel", Words(before?.DisplayText ?? "", after.DisplayText)),
            new("Webadres", Words(before?.Slug ?? "", after.Slug)),
        };
        foreach (var f in type.Fields)
            diffs.Add(new(f.DisplayName, Words(Render(f, before?.Fields[f.Name], vocabularyList, titles), Render(f, after.Fields[f.Name], vocabularyList, titles))));
        return diffs;
    }

    /// <summary>A field value as the words a person reads.</summary>
    public static string Render(ContentFieldDefinition f, JsonNode? value, IReadOnlyList<Vocabulary> vocabularies, IReadOnlyDictionary<string, string> titles)
    {
        if (value is null) return "";
        switch (f.Kind)
        {
            case FieldKind.Text or FieldKind.Markdown or FieldKind.Date:
                return value is JsonValue v && v.TryGetValue<string>(out var s) ? s : value.ToJsonString();
            case FieldKind.Number:
                return ContentForm.FormatNumber(value);
            case FieldKind.Boolean:
                return value is JsonValue b && b.TryGetValue<bool>(out var yes) ? (yes ? "Ja" : "Nee") : "";
            case FieldKind.Link:
                var url = value["url"]?.ToString() ?? "";
                return value["text"] is { } text ? $"{text} ({url})" : url;
            case FieldKind.Taxonomy:
                var vocabulary = vocabularies.FirstOrDefault(x => x.Name == f.Vocabulary);
                return string.Join("; ", Strings(value).Select(id => vocabulary?.Terms.FirstOrDefault(t => t.Id == id)?.DisplayName ?? id));
            case FieldKind.ContentPicker:
                return string.Join("; ", Strings(value).Select(id => titles.GetValueOrDefault(id, id)));
            case FieldKind.Media:
                return string.Join("; ", (value as JsonArray ?? []).OfType<JsonObject>().Select(m => $"{m["mediaId"] ?? m["path"]}{(m["alt"] is { } alt ? $" ({alt})" : "")}"));
            case FieldKind.List:
                return string.Join("\n", (value as JsonArray ?? []).OfType<JsonObject>().Select(row =>
                    string.Join(" · ", (f.Fields ?? []).Select(sub => (sub, text: Render(sub, row[sub.Name], vocabularies, titles)))
                        .Where(x => x.text.Length > 0).Select(x => $"{x.sub.DisplayName}: {x.text}"))));
            default:
                return value.ToJsonString();
        }
    }

    private static IEnumerable<string> Strings(JsonNode value) =>
        (value as JsonArray ?? []).OfType<JsonValue>().Select(v => v.TryGetValue<string>(out var s) ? s : null).OfType<string>();

    /// <summary>Word-level difference (longest common subsequence of words and the spaces between them).</summary>
    public static IReadOnlyList<DiffSegment> Words(string before, string after)
    {
        if (before == after) return before.Length == 0 ? [] : [new(DiffKind.Same, before)];
        var a = Tokens().Matches(before).Select(m => m.Value).ToArray();
        var b = Tokens().Matches(after).Select(m => m.Value).ToArray();
        if ((long)a.Length * b.Length > MaxCells)
            return [.. new[] { new DiffSegment(DiffKind.Removed, before), new DiffSegment(DiffKind.Added, after) }.Where(s => s.Text.Length > 0)];
        // lcs[i, j]: length of the longest common subsequence of a[i..] and b[j..].
        var lcs = new int[a.Length + 1, b.Length + 1];
        for (var i = a.Length - 1; i >= 0; i--)
            for (var j = b.Length - 1; j >= 0; j--)
                lcs[i, j] = a[i] == b[j] ? lcs[i + 1, j + 1] + 1 : Math.Max(lcs[i + 1, j], lcs[i, j + 1]);
        var segments = new List<DiffSegment>();
        void Add(DiffKind kind, string token)
        {
            if (segments.Count > 0 && segments[^1].Kind == kind) segments[^1] = segments[^1] with { Text = segments[^1].Text + token };
            else segments.Add(new(kind, token));
        }
        int x = 0, y = 0;
        while (x < a.Length && y < b.Length)
        {
            if (a[x] == b[y]) { Add(DiffKind.Same, a[x]); x++; y++; }
            else if (lcs[x + 1, y] >= lcs[x, y + 1]) Add(DiffKind.Removed, a[x++]);
            else Add(DiffKind.Added, b[y++]);
        }
        while (x < a.Length) Add(DiffKind.Removed, a[x++]);
        while (y < b.Length) Add(DiffKind.Added, b[y++]);
        return segments;
    }

    [GeneratedRegex(@"\s+|[^\s]+")]
    private static partial Regex Tokens();
}
