namespace LerendeRegio.Web.Recipes;

/// <summary>Which recipe ran when, with the hash of its file: setup is "done" once the setup recipe has a row.</summary>
public sealed class RecipeExecution
{
    public long Id { get; set; }
    public required string RecipeName { get; set; }
    public required string FileHash { get; set; }
    public DateTime ExecutedUtc { get; set; }
}
