using System.Text.Json.Nodes;

namespace LerendeRegio.Web.Content;

/// <summary>One item of an import batch (seed content, recipe content).</summary>
public sealed record ImportItem(string ContentItemId, string ContentType, ContentEdit Edit, DateTime PublishedUtc, string Source);

public sealed record ImportResult(int Created, int Updated, int Unchanged, int SkippedEditedByPeople);

public static class ContentImport
{
    /// <summary>The author recorded on versions that an import wrote; editors' versions are never overwritten.</summary>
    public const string ImportAuthor = "import";
}

internal static class ContentImportComparer
{
    public static bool SameContent(ContentItemVersion stored, ImportItem item) =>
        stored.DisplayText == item.Edit.Title.Trim()
        && (item.Edit.Slug is null || stored.Slug == item.Edit.Slug)
        && JsonNode.DeepEquals(JsonNode.Parse(stored.Data), item.Edit.Fields);
}
