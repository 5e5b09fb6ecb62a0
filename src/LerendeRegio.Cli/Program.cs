using LerendeRegio.Cli;

return args switch
{
    ["migrations", "add", var name] => MigrationsCommand.Add(name, Repository.Root()),
    ["migrations", "check"] => MigrationsCommand.Check(),
    ["search", "rebuild"] => await SearchCommand.RebuildAsync(Repository.Root()),
    ["newsletter", "send", "--period", var period] => await NewsletterCommand.SendAsync(Repository.Root(), period, 1),
    ["newsletter", "send", "--period", var period, "--parallel", var n] when int.TryParse(n, out var parallel) && parallel > 0 =>
        await NewsletterCommand.SendAsync(Repository.Root(), period, parallel),
    _ => Usage(),
};

static int Usage()
{
    Console.Error.WriteLine("""
        Usage:
          dotnet run --project src/LerendeRegio.Cli -- migrations add <Name>   scaffold a migration for SQLite and PostgreSQL
          dotnet run --project src/LerendeRegio.Cli -- migrations check        exit 1 when the model has changes without a migration
          dotnet run --project src/LerendeRegio.Cli -- search rebuild          rebuild the search index from the database (site stopped)
          dotnet run --project src/LerendeRegio.Cli -- newsletter send --period 2026-10 [--parallel 4]
                                                                        send a month's digests now (safe to repeat; resumes a crashed run)
        """);
    return 2;
}
