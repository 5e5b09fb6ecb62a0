using System.Diagnostics;
using LerendeRegio.Web.Accounts;
using LerendeRegio.Web.Data;
using LerendeRegio.Web.Recipes;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace LerendeRegio.Web.Setup;

/// <summary>Whether the site is ready to serve; <c>/health</c> and the pages ask it.</summary>
public sealed class SetupState
{
    private readonly TaskCompletionSource _ready = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public bool IsReady => _ready.Task.IsCompletedSuccessfully;
    public Exception? Failure => _ready.Task.Exception?.InnerException;
    public Task Ready => _ready.Task;

    internal void MarkReady() => _ready.TrySetResult();
    internal void MarkFailed(Exception e) => _ready.TrySetException(e);
}

/// <summary>
/// Brings the site to a ready state at start: migrations, the setup recipe (on an empty database, or when the recipe
/// file changed: steps are idempotent), and the first administrator. Runs before the server takes requests.
/// </summary>
public sealed class SetupService(IServiceScopeFactory scopes, SetupState state, IOptions<LerendeRegioOptions> options, ILogger<SetupService> logger) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var watch = Stopwatch.StartNew();
        try
        {
            await using var scope = scopes.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<LerendeRegioDbContext>();
            await MigrateAsync(db, cancellationToken);

            var runner = scope.ServiceProvider.GetRequiredService<RecipeRunner>();
            var file = RecipeFile(options.Value);
            var last = await runner.LastExecutionAsync(options.Value.SetupRecipe, cancellationToken);
            if (last is null || last.FileHash != RecipeRunner.Hash(file))
            {
                logger.LogInformation("Running setup recipe {File} ({Reason})", file, last is null ? "empty site" : "recipe changed");
                await runner.RunAsync(file, cancellationToken);
            }
            await EnsureAdministratorAsync(scope.ServiceProvider, cancellationToken);
            state.MarkReady();
            logger.LogInformation("LerendeRegio ready in {Elapsed} ms", watch.ElapsedMilliseconds);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            state.MarkFailed(e);
            logger.LogCritical(e, "Setup failed: {Message}", e.Message);
            throw;
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public static string RecipeFile(LerendeRegioOptions options)
    {
        var folder = options.RecipesPath ?? Path.Combine(AppContext.BaseDirectory, "recipes");
        var file = Path.Combine(folder, options.SetupRecipe + ".recipe.json");
        return File.Exists(file) ? file : throw new FileNotFoundException($"Setup recipe not found: {file}", file);
    }

    private static async Task MigrateAsync(LerendeRegioDbContext db, CancellationToken ct)
    {
        await db.Database.MigrateAsync(ct);
        if (db.Database.IsSqlite())
        {
            // WAL lets readers go on while a publish writes; NORMAL sync is safe with WAL.
            await db.Database.ExecuteSqlRawAsync("PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;", ct);
        }
    }

    private async Task EnsureAdministratorAsync(IServiceProvider services, CancellationToken ct)
    {
        var admin = options.Value.Admin;
        if (string.IsNullOrEmpty(admin.Email) || string.IsNullOrEmpty(admin.Password)) return;
        var users = services.GetRequiredService<UserManager<IdentityUser>>();
        if (await users.FindByEmailAsync(admin.Email) is not null) return;
        var user = new IdentityUser { UserName = admin.Email, Email = admin.Email, EmailConfirmed = true };
        var created = await users.CreateAsync(user, admin.Password);
        if (!created.Succeeded)
            throw new InvalidOperationException("The first administrator could not be created: " + string.Join(" ", created.Errors.Select(e => e.Description)));
        await users.AddToRoleAsync(user, Roles.Administrator);
        logger.LogInformation("Created the first administrator {Email}", admin.Email);
        ct.ThrowIfCancellationRequested();
    }
}
