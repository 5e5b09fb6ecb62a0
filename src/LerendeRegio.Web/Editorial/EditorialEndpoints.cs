using LerendeRegio.Web.Accounts;
using LerendeRegio.Web.Site;
using Microsoft.AspNetCore.Antiforgery;

namespace LerendeRegio.Web.Editorial;

public static class EditorialEndpoints
{
    public const string PreviewPath = AccountsExtensions.StaffArea + "/voorbeeld";

    /// <summary>Markdown preview for the editor's script: the same sanitised HTML the site will show.</summary>
    public static IEndpointRouteBuilder MapEditorial(this IEndpointRouteBuilder app)
    {
        app.MapPost(PreviewPath, PreviewAsync)
            .RequireAuthorization(Permissions.EditOwnContent)
            .DisableAntiforgery() // checked below, so a stale form gets a clear answer instead of a bare 400
            .ExcludeFromDescription();
        return app;
    }

    private static async Task<IResult> PreviewAsync(HttpContext context, IAntiforgery antiforgery, MarkdownRenderer markdown)
    {
        if (!context.Request.HasFormContentType) return Results.Text("Stuur de tekst als formulier.", "text/plain; charset=utf-8", statusCode: 400);
        var form = await context.Request.ReadFormAsync(context.RequestAborted);
        if (!await antiforgery.IsRequestValidAsync(context))
            return Results.Text("Het formulier is verlopen. Laad de pagina opnieuw.", "text/plain; charset=utf-8", statusCode: 400);
        var text = form["tekst"].ToString();
        if (text.Length > 100_000) return Results.Text("De tekst is te lang voor een voorbeeld.", "text/plain; charset=utf-8", statusCode: 413);
        var html = string.IsNullOrWhiteSpace(text) ? "<p>Nog geen tekst om te laten zien.</p>" : markdown.Render(text, 2).ToString();
        return Results.Content(html, "text/html; charset=utf-8");
    }
}
