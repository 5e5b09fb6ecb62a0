using System.Security.Cryptography;
using System.Text.Json;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.Extensions.Options;
using Microsoft.Net.Http.Headers;

namespace LerendeRegio.Web.Api;

/// <summary>A resource with a version of its own: its ETag starts with that version, and it knows when it last changed.</summary>
public interface IVersionedResource
{
    string? Version { get; }
    DateTime? LastModified { get; }
}

/// <summary>A list whose newest change is known (for <c>Last-Modified</c>).</summary>
public interface IDatedResource
{
    DateTime? LastModified { get; }
}

/// <summary>
/// Gives every 200 JSON answer of the API an <c>ETag</c> (and <c>Last-Modified</c> when known) and answers 304 when
/// the client already has it. The tag covers the whole body, not only the item's version: an answer also holds names
/// of linked items and terms, which change without a new version of the item itself.
/// </summary>
public sealed class ConditionalGet : IEndpointFilter
{
    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var result = await next(context);
        // Handlers declare Results<Ok<T>, …> for the OpenAPI description; the answer itself is nested inside.
        if (result is INestedHttpResult nested) result = nested.Result;
        if (result is not (IValueHttpResult { Value: { } value } and IStatusCodeHttpResult { StatusCode: StatusCodes.Status200OK })) return result;
        var http = context.HttpContext;
        var options = http.RequestServices.GetRequiredService<IOptions<JsonOptions>>().Value.SerializerOptions;
        var body = JsonSerializer.SerializeToUtf8Bytes(value, value.GetType(), options);
        var hash = Convert.ToHexStringLower(SHA256.HashData(body).AsSpan(0, 10));
        var (version, lastModified) = value switch
        {
            IVersionedResource v => (v.Version, v.LastModified),
            IDatedResource d => (null, d.LastModified),
            _ => (null, null),
        };
        return new ConditionalJsonResult(body, $"\"{(version is null ? "" : version + "-")}{hash}\"", lastModified);
    }

    private sealed class ConditionalJsonResult(byte[] body, string etag, DateTime? lastModified) : IResult
    {
        public async Task ExecuteAsync(HttpContext context)
        {
            var headers = context.Response.Headers;
            headers.ETag = etag;
            if (lastModified is { } modified) headers.LastModified = HeaderUtilities.FormatDate(new DateTimeOffset(DateTime.SpecifyKind(modified, DateTimeKind.Utc)));
            if (Matches(context.Request.Headers.IfNoneMatch))
            {
                context.Response.StatusCode = StatusCodes.Status304NotModified;
                return;
            }
            context.Response.ContentType = "application/json; charset=utf-8";
            context.Response.ContentLength = body.Length;
            await context.Response.Body.WriteAsync(body, context.RequestAborted);
        }

        private bool Matches(Microsoft.Extensions.Primitives.StringValues ifNoneMatch)
        {
            if (ifNoneMatch.Count == 0) return false;
            if (!EntityTagHeaderValue.TryParseList(ifNoneMatch, out var tags)) return false;
            var ours = new EntityTagHeaderValue(etag);
            return tags.Any(t => t.Equals(EntityTagHeaderValue.Any) || t.Compare(ours, useStrongComparison: false));
        }
    }
}
