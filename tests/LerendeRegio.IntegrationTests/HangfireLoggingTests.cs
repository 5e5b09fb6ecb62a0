using System.Collections.Concurrent;
using LerendeRegio.Web.Setup;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Logging;
using HangfireLog = Hangfire.Logging;

namespace LerendeRegio.IntegrationTests;

/// <summary>Runs alone: it checks where Hangfire's process-wide logging goes, which other hosts starting meanwhile would change.</summary>
[CollectionDefinition(nameof(HangfireLoggingTests), DisableParallelization = true)]
public sealed class RunsAlone;

/// <summary>
/// Hangfire keeps one log provider for the whole process. Several hosts in one process (the integration tests) must not
/// leave it pointing at a host that was disposed: a host starting after that failed with ObjectDisposedException
/// ('LoggerFactory') while building its Hangfire client.
/// </summary>
[Collection(nameof(HangfireLoggingTests))]
public sealed class HangfireLoggingTests
{
    [Fact]
    public async Task Hangfire_logs_to_a_running_host_after_a_later_host_in_the_process_was_disposed()
    {
        await using var running = new LoggedSite();
        await running.InitializeAsync();
        var later = new LoggedSite();
        await later.InitializeAsync();
        await later.DisposeAsync();

        var marker = $"marker {{with braces}} {Guid.NewGuid():N}";
        var logger = HangfireLog.LogProvider.GetLogger("LerendeRegio.IntegrationTests.Hangfire");
        Assert.True(logger.Log(HangfireLog.LogLevel.Warn, () => marker));

        Assert.Contains(marker, running.Messages);
        Assert.DoesNotContain(marker, later.Messages);
    }

    private sealed class LoggedSite : SiteFixture
    {
        public ConcurrentQueue<string> Messages { get; } = new();

        protected override DatabaseProvider Provider => DatabaseProvider.Sqlite;

        protected override bool SearchIndexOnThisNode => false;

        protected override IEnumerable<KeyValuePair<string, string?>> ExtraSettings => [new("LerendeRegio:SearchIndex", "false")];

        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            base.ConfigureWebHost(builder);
            builder.ConfigureLogging(logging => logging.AddProvider(new CapturingProvider(Messages)));
        }
    }

    private sealed class CapturingProvider(ConcurrentQueue<string> messages) : ILoggerProvider
    {
        public ILogger CreateLogger(string categoryName) => new Capturing(messages);

        public void Dispose()
        {
        }

        private sealed class Capturing(ConcurrentQueue<string> messages) : ILogger
        {
            public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

            public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Warning;

            public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
                messages.Enqueue(formatter(state, exception));
        }
    }
}
