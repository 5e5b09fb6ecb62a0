using LerendeRegio.Web.Content;

namespace LerendeRegio.Web.Site;

/// <summary>
/// Matches the route prefix of a content type defined in a recipe (<c>/interventies</c>, <c>/projecten</c>, …),
/// so a type added by a recipe gets its pages without code.
/// </summary>
public sealed class ContentTypeRouteConstraint(ContentDefinitionStore definitions) : IRouteConstraint
{
    public const string Name = "contenttype";

    public bool Match(HttpContext? httpContext, IRouter? route, string routeKey, RouteValueDictionary values, RouteDirection routeDirection)
    {
        if (values[routeKey] is not string prefix) return false;
        // Loaded after setup; only after a recipe changed the definitions is this one blocking read needed.
        var types = definitions.Loaded ?? definitions.GetTypesAsync().GetAwaiter().GetResult();
        return types.Values.Any(t => string.Equals(t.RoutePrefix, prefix, StringComparison.OrdinalIgnoreCase));
    }
}
