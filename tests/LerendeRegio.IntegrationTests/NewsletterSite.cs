using System.Collections.Concurrent;
using LerendeRegio.Web.Setup;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Logging;

namespace LerendeRegio.IntegrationTests;

/// <summary>A site on SQLite that mails to its own MailDev; links in mail point to http://localhost.</summary>
public class NewsletterSite : SiteFixture
{
    public MailDev MailDev { get; private set; } = null!;

    protected override DatabaseProvider Provider => DatabaseProvider.Sqlite;

    protected virtual int RequestsPerHourPerIp => 1_000;

    protected override IEnumerable<KeyValuePair<string, string?>> ExtraSettings =>
    [
        new("LerendeRegio:Smtp:Host", "127.0.0.1"),
        new("LerendeRegio:Smtp:Port", MailDev.SmtpPort.ToString(System.Globalization.CultureInfo.InvariantCulture)),
        new("LerendeRegio:Mail:PublicBaseUrl", "http://localhost"),
        new("LerendeRegio:Newsletter:RequestsPerHourPerIp", RequestsPerHourPerIp.ToString(System.Globalization.CultureInfo.InvariantCulture)),
        new("LerendeRegio:Newsletter:BatchSize", "3"),
    ];

    /// <summary>Errors the site logged, for a failing test's message.</summary>
    public ConcurrentQueue<string> Errors { get; } = new();

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.ConfigureLogging(l => l.AddProvider(new ErrorCollector(Errors)));
    }

    public override async Task InitializeAsync()
    {
        MailDev = await MailDev.StartAsync();
        await base.InitializeAsync();
    }

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        await MailDev.DisposeAsync();
    }
}

/// <summary>The same with a per-IP limit of three subscribe requests an hour.</summary>
public sealed class RateLimitedNewsletterSite : NewsletterSite
{
    protected override int RequestsPerHourPerIp => 3;
}

internal sealed class ErrorCollector(ConcurrentQueue<string> errors) : ILoggerProvider, ILogger
{
    public ILogger CreateLogger(string categoryName) => this;

    public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

    public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Error;

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
    {
        if (IsEnabled(logLevel)) errors.Enqueue(formatter(state, exception) + "\n" + exception);
    }

    public void Dispose()
    {
    }
}
