using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace LerendeRegio.Tests;

/// <summary>
/// The seed content is real, written afresh, and free of personal data. These tests read the files as an author
/// would hand them in; the integration tests import them for real.
/// </summary>
public partial class SeedContentTests
{
    private const int CopiedRun = 8;

    private static readonly Lazy<IReadOnlyList<(string File, JsonObject Item)>> Items = new(() =>
        [.. Directory.EnumerateFiles(RepositoryPaths.ContentSeed, "*.json", SearchOption.AllDirectories).Order()
            .Select(f => (Path.GetRelativePath(RepositoryPaths.ContentSeed, f), JsonNode.Parse(File.ReadAllText(f))!.AsObject()))]);

    [Fact]
    public void No_run_of_eight_words_is_taken_over_from_the_sources()
    {
        Assert.True(Directory.Exists(RepositoryPaths.SourceDocuments), $"Source documents expected at {RepositoryPaths.SourceDocuments}");
        var sourceRuns = new HashSet<string>(StringComparer.Ordinal);
        foreach (var file in Directory.EnumerateFiles(RepositoryPaths.SourceDocuments, "0*.txt"))
        {
            var words = Words(File.ReadAllText(file));
            for (var i = 0; i + CopiedRun <= words.Count; i++) sourceRuns.Add(string.Join(' ', words.Skip(i).Take(CopiedRun)));
        }
        Assert.NotEmpty(sourceRuns);

        var copied = new List<string>();
        foreach (var (file, item) in Items.Value)
        {
            foreach (var text in Prose(item["fields"]))
            {
                var words = Words(text);
                for (var i = 0; i + CopiedRun <= words.Count; i++)
                {
                    var run = string.Join(' ', words.Skip(i).Take(CopiedRun));
                    if (sourceRuns.Contains(run)) { copied.Add($"{file}: '{run}'"); break; }
                }
            }
        }
        Assert.True(copied.Count == 0, "Copied from the sources:\n" + string.Join('\n', copied));
    }

    [Fact]
    public void No_email_addresses_or_phone_numbers()
    {
        var found = Items.Value
            .SelectMany(x => Prose(x.Item).Where(t => Email().IsMatch(t) || Phone().IsMatch(t)).Select(t => $"{x.File}: {t[..Math.Min(80, t.Length)]}"))
            .ToList();
        Assert.True(found.Count == 0, string.Join('\n', found));
    }

    [Fact]
    public void Every_file_is_named_after_its_id_in_the_folder_of_its_type()
    {
        var folders = new Dictionary<string, string>
        {
            ["project"] = "Project", ["intervention"] = "Intervention", ["school-practice"] = "SchoolPractice", ["lesson"] = "LessonLearned",
        };
        Assert.All(Items.Value, x =>
        {
            Assert.Equal(Path.GetFileNameWithoutExtension(x.File), (string?)x.Item["id"]);
            Assert.Equal(folders[Path.GetDirectoryName(x.File)!], (string?)x.Item["type"]);
        });
    }

    private static IEnumerable<string> Prose(JsonNode? node) => node switch
    {
        JsonObject o => o.SelectMany(p => Prose(p.Value)),
        JsonArray a => a.SelectMany(Prose),
        JsonValue v when v.TryGetValue<string>(out var s) => [s],
        _ => [],
    };

    private static List<string> Words(string text)
    {
        var folded = new StringBuilder();
        foreach (var c in text.ToLowerInvariant().Normalize(NormalizationForm.FormD))
        {
            if (CharUnicodeInfo.GetUnicodeCategory(c) != UnicodeCategory.NonSpacingMark) folded.Append(c);
        }
        return [.. WordPattern().Matches(folded.ToString()).Select(m => m.Value)];
    }

    [GeneratedRegex("[a-z0-9]+")]
    private static partial Regex WordPattern();

    [GeneratedRegex(@"[\w.+-]+@[\w-]+\.[\w.]+")]
    private static partial Regex Email();

    [GeneratedRegex(@"\b0[0-9]{1,3}[- ]?[0-9]{6,8}\b|\+31")]
    private static partial Regex Phone();
}
