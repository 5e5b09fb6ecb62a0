namespace LerendeRegio.Web.Recipes;

public static class RecipeExtensions
{
    public static IHostApplicationBuilder AddRecipes(this IHostApplicationBuilder builder)
    {
        builder.Services.AddScoped<RecipeRunner>();
        builder.Services.AddScoped<IRecipeStepHandler, SettingsStep>();
        builder.Services.AddScoped<IRecipeStepHandler, ThemesStep>();
        builder.Services.AddScoped<IRecipeStepHandler, VocabulariesStep>();
        builder.Services.AddScoped<IRecipeStepHandler, ContentDefinitionsStep>();
        builder.Services.AddScoped<IRecipeStepHandler, RolesStep>();
        builder.Services.AddScoped<IRecipeStepHandler, ContentStep>();
        return builder;
    }
}
