using LerendeRegio.Web.Api;

namespace LerendeRegio.Web.Search;

/// <summary><c>GET /api/search</c> and <c>GET /api/search/suggest</c>.</summary>
public static class SearchApi
{
    public sealed record HitDto(string Id, string Type, string Title, string Url, string Snippet);

    public sealed record FacetValueDto(string Id, string DisplayName, int Count, bool Selected);

    public sealed record FacetDto(string Name, string DisplayName, IReadOnlyList<FacetValueDto> Values);

    public sealed record SearchResponse(int Total, int Page, int PageSize, IReadOnlyList<HitDto> Hits, IReadOnlyList<FacetDto> Facets, string? DidYouMean, bool Approximate);

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
                var result = await search.SearchAsync(SearchRequestReader.Read(request.Query, SearchRequestReader.English), ct);
                return TypedResults.Ok(new SearchResponse(result.Total, result.Page, result.PageSize,
                    [.. result.Hits.Select(h => new HitDto(h.Id, h.Type, h.Title, h.Url, h.Snippet))],
                    [.. result.Facets.Select(f => new FacetDto(f.Name, f.DisplayName, [.. f.Values.Select(v => new FacetValueDto(v.Id, v.DisplayName, v.Count, v.Selected))]))],
                    result.DidYouMean, result.Approximate));
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
