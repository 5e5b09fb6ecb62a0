using LerendeRegio.Web.Content;
using LerendeRegio.Web.Data;
using LerendeRegio.Web.Mail;
using LerendeRegio.Web.Media;
using LerendeRegio.Web.Newsletter;
using LerendeRegio.Web.Setup;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace LerendeRegio.Cli;

/// <summary>
/// <c>newsletter send --period 2026-10 [--parallel N]</c>: sends a period's digests from this process, batch after
/// batch, with the same delivery ledger as the site's Hangfire jobs. Safe to run again after a crash (or while the site
/// sends): what was sent stays sent; claims of a crashed run are taken over when their lease runs out.
/// </summary>
internal static class NewsletterCommand
{
    public static async Task<int> SendAsync(string repositoryRoot, string periodText, int parallel)
    {
        if (!DigestPeriod.TryParse(periodText, out var period))
        {
            Console.Error.WriteLine($"'{periodText}' is not a period: write year and month as 2026-10.");
            return 2;
        }
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings
        {
            ContentRootPath = Path.Combine(repositoryRoot, "src", "LerendeRegio.Web"),
        });
        builder.AddSetup();
        builder.AddLerendeRegioData();
        builder.AddMail();
        builder.AddContentCore();
        builder.AddMedia();
        builder.AddNewsletterCore();
        builder.Services.AddMemoryCache();
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        using var host = builder.Build();
        await using var scope = host.Services.CreateAsyncScope();
        var runner = scope.ServiceProvider.GetRequiredService<DigestRunner>();
        Console.WriteLine($"Sending the digest of {period} ({period.DisplayName})");
        var status = await runner.RunAsync(period, parallel, new Progress<PeriodStatus>(s =>
            Console.Write($"\r{s.Sent} sent, {s.Skipped} skipped, {s.Failed} failed, {s.Sending} in progress of {s.Confirmed} subscribers   ")));
        Console.WriteLine($"\rDone: {status.Sent} sent, {status.Skipped} skipped (nothing new), {status.Failed} failed for good, of {status.Confirmed} subscribers.");
        return 0;
    }
}
