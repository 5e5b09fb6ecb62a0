namespace LerendeRegio.Tests;

// Shared by the unit and integration test projects (linked source).

/// <summary>Where the repository and the shared source documents are, found from the test's own folder.</summary>
internal static class RepositoryPaths
{
    public static string Root { get; } = FindRoot();

    public static string Recipe => Path.Combine(Root, "recipes", "lerende-regio.recipe.json");

    public static string ContentSeed => Path.Combine(Root, "content-seed");

    /// <summary>The source documents live beside the repository (<c>../shared/seeds</c>), as in CI.</summary>
    public static string SourceDocuments => Path.GetFullPath(Path.Combine(Root, "..", "shared", "seeds"));

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "LerendeRegio.sln"))) return dir.FullName;
        }
        throw new InvalidOperationException("LerendeRegio.sln not found above " + AppContext.BaseDirectory);
    }
}
