using LerendeRegio.Cli;

return args switch
{
    ["migrations", "add", var name] => MigrationsCommand.Add(name, Repository.Root()),
    ["migrations", "check"] => MigrationsCommand.Check(),
    ["search", "rebuild"] => await SearchCommand.RebuildAsync(Repository.Root()),
    _ => Usage(),
};

static int Usage()
{
    Console.Error.WriteLine("""
        Usage:
          dotnet run --project src/LerendeRegio.Cli -- migrations add <Name>   scaffold a migration for SQLite and PostgreSQL
          dotnet run --project src/LerendeRegio.Cli -- migrations check        exit 1 when the model has changes without a migration
          dotnet run --project src/LerendeRegio.Cli -- search rebuild          rebuild the search index from the database (site stopped)
        """);
    return 2;
}
