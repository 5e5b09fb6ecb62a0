using LerendeRegio.Web.Api;
using LerendeRegio.Web.Site;
using Microsoft.AspNetCore.Http.HttpResults;

namespace LerendeRegio.Web.Elements;

public static class ElementsExtensions
{
    /// <summary>
    /// What works, where and for whom: the werkzame-elementen matrix and element pages, the evidence ladder, and related
    /// content on detail pages, all computed from the published content graph.
    /// </summary>
    public static IHostApplicationBuilder AddWorkingElements(this IHostApplicationBuilder builder)
    {
        builder.Services.AddScoped<PublishedContentGraphStore>();
        builder.Services.AddScoped<ElementService>();
        return builder;
    }

    /// <summary>The CSV download of the matrix; the pages themselves are Razor Pages under <c>Pages/Elements</c>.</summary>
    public static WebApplication MapWorkingElements(this WebApplication app)
    {
        app.MapGet(ElementUrls.MatrixCsv, DownloadMatrixAsync)
            .CacheOutput(SiteExtensions.PublicPagePolicy)
            .ExcludeFromDescription();
        return app;
    }

    private static async Task<Results<FileContentHttpResult, ProblemHttpResult>> DownloadMatrixAsync(HttpContext context, ElementService elements, CancellationToken ct)
    {
        var (matrix, problem) = await elements.GetMatrixAsync(context.Request.Query, ct);
        if (matrix is null)
        {
            return TypedResults.Problem(problem!.Message, statusCode: StatusCodes.Status400BadRequest, title: "Ongeldig filter",
                extensions: new Dictionary<string, object?> { [ApiProblem.TitleEnExtension] = "Invalid filter" });
        }
        var csv = ElementMatrixCsv.Write(matrix, ContentApi.Origin(context.Request));
        return TypedResults.File(csv, "text/csv; charset=utf-8", "werkzame-elementen.csv");
    }
}
