using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;

namespace LerendeRegio.Web.Content;

/// <summary>One item of an import batch (seed content, recipe content).</summary>
public sealed record ImportItem(string ContentItemId, string ContentType, ContentEdit Edit, DateTime PublishedUtc, string Source);

public sealed record ImportResult(int Created, int Updated, int Unchanged, int SkippedEditedByPeople);

public static class ContentImport
{
    public const string ImportAuthor = "import";

    /// <summary>
    /// Imports a batch in one transaction: all items are valid and saved, or nothing is. Items may link to each other
    /// within the batch. An item whose stored version came from an earlier import and equals the file is left alone;
    /// one that editors have changed since is never overwritten.
    /// </summary>
    public static async Task<ImportResult> ImportAsync(this ContentManager manager, IReadOnlyList<ImportItem> items, CancellationToken ct = default) =>
        await manager.ImportBatchAsync(items, ct);
}


internal static class ContentImportComparer
{
    public static bool SameContent(ContentItemVersion stored, ImportItem item) =>
        stored.DisplayText == item.Edit.Title.Trim()
        && (item.Edit.Slug is null || stored.Slug == item.Edit.Slug)
        && JsonNode.DeepEquals(JsonNode.Parse(stored.Data), item.Edit.Fields);
}
