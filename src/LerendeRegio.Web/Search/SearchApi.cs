using System.Text.Json;
using LerendeRegio.Web.Api;

namespace LerendeRegio.Web.Search;

/// <summary><c>GET /api/search</c> and <c>GET /api/search/suggest</c>.</summary>
public static class SearchApi
{
    public sealed record HitDto(string Id, string Type, string Title, string Url, string Snippet);

    public sealed record FacetValueDto(string Id, string DisplayName, int Count, bool Selected);

    public sealed record FacetDto(string Name, string DisplayName, IReadOnlyList<FacetValueDto> Values);

    /// <summary>The answer of <c>GET /api/search</c> as the API describes it (OpenAPI); <see cref="SearchAnswer"/> writes it.</summary>
    public sealed record SearchResponse(int Total, int Page, int PageSize, IReadOnlyList<HitDto> Hits, IReadOnlyList<FacetDto> Facets, string? DidYouMean, bool Approximate)
    {
        public static SearchResponse From(SearchResult result) => new(result.Total, result.Page, result.PageSize,
            [.. result.Hits.Select(h => new HitDto(h.Id, h.Type, h.Title, h.Url, h.Snippet))],
            [.. result.Facets.Select(f => new FacetDto(f.Name, f.DisplayName, [.. f.Values.Select(v => new FacetValueDto(v.Id, v.DisplayName, v.Count, v.Selected))]))],
            result.DidYouMean, result.Approximate);
    }

    public static IEndpointRouteBuilder MapSearchApi(this IEndpointRouteBuilder app)
    {
        // The same rules as the rest of the API: rate limit, CORS, cached anonymous answers dropped on publication.
        var group = app.MapGroup("/api/search")
            .RequireRateLimiting(ContentApi.RateLimitPolicy)
            .RequireCors(ContentApi.CorsPolicy)
            .CacheOutput(ContentApi.CachePolicy)
            .AddEndpointFilter<ConditionalGet>()
            .WithTags("Zoeken");

        group.MapGet("", async Task<IResult> (HttpRequest request, SearchService search, CancellationToken ct) =>
        {
            try
            {
                return TypedResults.Ok(new SearchAnswer(await search.SearchAsync(SearchRequestReader.Read(request.Query, SearchRequestReader.English), ct)));
            }
            catch (SearchInputException e)
            {
                return new ApiProblem(StatusCodes.Status400BadRequest, "Ongeldige zoekvraag", "Invalid search", e.Message).ToResult();
            }
            catch (SearchUnavailableException e)
            {
                return new ApiProblem(StatusCodes.Status503ServiceUnavailable, "Zoeken is even niet beschikbaar", "Search temporarily unavailable", e.Message).ToResult();
            }
        })
        .Produces<SearchResponse>()
        .Produces(StatusCodes.Status304NotModified)
        .ProducesProblem(StatusCodes.Status400BadRequest)
        .ProducesProblem(StatusCodes.Status429TooManyRequests)
        .ProducesProblem(StatusCodes.Status503ServiceUnavailable)
        .WithSummary("Zoek in alle gepubliceerde inhoud")
        .WithDescription("q: de zoekvraag (woorden, \"een zinsdeel\", -uitsluiten); type: soort inhoud; <vocabulaire>=<term>: filters; page, pageSize (1–50), sort=date.");

        group.MapGet("/suggest", async (string? q, SearchService search, CancellationToken ct) =>
                TypedResults.Ok(await search.SuggestAsync(q ?? "", ct: ct)))
            .WithSummary("Suggesties tijdens het typen: titels en begrippen")
            .Produces(StatusCodes.Status304NotModified)
            .ProducesProblem(StatusCodes.Status429TooManyRequests);
        return app;
    }
}

/// <summary>
/// A search result written as <see cref="SearchApi.SearchResponse"/> (camel case, nulls written, the API's encoder),
/// straight from the result: every search writes one, and copying it into response records and serializing those by
/// reflection was the largest part of a search request after the search itself. A test holds it to the serializer's
/// bytes for the response record.
/// </summary>
[System.Text.Json.Serialization.JsonConverter(typeof(Converter))]
public sealed class SearchAnswer(SearchResult result) : IJsonWritable
{
    public void WriteJson(Utf8JsonWriter writer, JsonSerializerOptions options)
    {
        writer.WriteStartObject();
        writer.WriteNumber(Names.Total, result.Total);
        writer.WriteNumber(Names.Page, result.Page);
        writer.WriteNumber(Names.PageSize, result.PageSize);
        writer.WriteStartArray(Names.Hits);
        foreach (var hit in result.Hits)
        {
            writer.WriteStartObject();
            writer.WriteString(Names.Id, hit.Id);
            writer.WriteString(Names.Type, hit.Type);
            writer.WriteString(Names.Title, hit.Title);
            writer.WriteString(Names.Url, hit.Url);
            writer.WriteString(Names.Snippet, hit.Snippet);
            writer.WriteEndObject();
        }
        writer.WriteEndArray();
        writer.WriteStartArray(Names.Facets);
        foreach (var facet in result.Facets)
        {
            writer.WriteStartObject();
            writer.WriteString(Names.Name, facet.Name);
            writer.WriteString(Names.DisplayName, facet.DisplayName);
            writer.WriteStartArray(Names.Values);
            foreach (var value in facet.Values)
            {
                writer.WriteStartObject();
                writer.WriteString(Names.Id, value.Id);
                writer.WriteString(Names.DisplayName, value.DisplayName);
                writer.WriteNumber(Names.Count, value.Count);
                writer.WriteBoolean(Names.Selected, value.Selected);
                writer.WriteEndObject();
            }
            writer.WriteEndArray();
            writer.WriteEndObject();
        }
        writer.WriteEndArray();
        if (result.DidYouMean is null) writer.WriteNull(Names.DidYouMean);
        else writer.WriteString(Names.DidYouMean, result.DidYouMean);
        writer.WriteBoolean(Names.Approximate, result.Approximate);
        writer.WriteEndObject();
    }

    private static class Names
    {
        public static readonly JsonEncodedText Total = Encode("total"), Page = Encode("page"), PageSize = Encode("pageSize"),
            Hits = Encode("hits"), Id = Encode("id"), Type = Encode("type"), Title = Encode("title"), Url = Encode("url"), Snippet = Encode("snippet"),
            Facets = Encode("facets"), Name = Encode("name"), DisplayName = Encode("displayName"), Values = Encode("values"), Count = Encode("count"),
            Selected = Encode("selected"), DidYouMean = Encode("didYouMean"), Approximate = Encode("approximate");

        private static JsonEncodedText Encode(string name) => JsonEncodedText.Encode(name);
    }

    /// <summary>Serialized anywhere else (without <see cref="ConditionalGet"/>), it writes the same.</summary>
    private sealed class Converter : System.Text.Json.Serialization.JsonConverter<SearchAnswer>
    {
        public override SearchAnswer Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
            throw new NotSupportedException("A search answer is only written.");

        public override void Write(Utf8JsonWriter writer, SearchAnswer value, JsonSerializerOptions options) => value.WriteJson(writer, options);
    }
}
