using System.Text.Json.Nodes;

namespace LerendeRegio.Web.Content;

/// <summary>What an editor or import submits for an item: title, optional slug, field values.</summary>
public sealed record ContentEdit(string Title, string? Slug, JsonObject Fields);

/// <summary>A field-level validation problem; <see cref="Field"/> is the field's name (or "title"/"slug").</summary>
public sealed record ContentValidationError(string Field, string Message);

public sealed class ContentValidationException(IReadOnlyList<ContentValidationError> errors)
    : Exception("De inhoud is niet geldig: " + string.Join("; ", errors.Select(e => $"{e.Field}: {e.Message}")))
{
    public IReadOnlyList<ContentValidationError> Errors { get; } = errors;
}

/// <summary>The item was changed by someone else since the revision the caller read.</summary>
public sealed class ContentConcurrencyException(string contentItemId, int expected, int actual)
    : Exception($"Item {contentItemId} is intussen gewijzigd (verwachte revisie {expected}, huidige {actual}).")
{
    public string ContentItemId { get; } = contentItemId;
    public int ExpectedRevision { get; } = expected;
    public int ActualRevision { get; } = actual;
}

public sealed class ContentNotFoundException(string contentItemId)
    : Exception($"Item {contentItemId} bestaat niet.")
{
    public string ContentItemId { get; } = contentItemId;
}
