using HangfireLogLevel = Hangfire.Logging.LogLevel;

namespace LerendeRegio.Web.Newsletter;

/// <summary>
/// Hangfire's log provider is process-wide (static), and Hangfire.NetCore sets it to the logger factory of whichever
/// host resolved Hangfire's configuration last. With several hosts in one process (the integration tests start and
/// dispose many), a host could then build its Hangfire client with a logger factory that another host had already
/// disposed, and fail to start. This provider holds no factory of its own: each log call goes to the newest host that
/// is still running. A site runs one host, so there its own factory receives every message.
/// </summary>
internal static class HangfireLogging
{
    private static readonly Lock Gate = new();
    private static readonly List<ILoggerFactory> Live = [];

    private static readonly Hangfire.Logging.ILogProvider Provider = new LogProvider();

    /// <summary>Sends Hangfire's messages to this host's loggers until the host stops; returns the process-wide provider.</summary>
    public static Hangfire.Logging.ILogProvider Attach(ILoggerFactory factory, IHostApplicationLifetime lifetime)
    {
        lock (Gate) Live.Add(factory);
        lifetime.ApplicationStopped.Register(() => Detach(factory));
        return Provider;
    }

    private static void Detach(ILoggerFactory factory)
    {
        lock (Gate) Live.Remove(factory);
    }

    private static ILogger? Logger(string name)
    {
        while (true)
        {
            ILoggerFactory? factory;
            lock (Gate) factory = Live.Count > 0 ? Live[^1] : null;
            if (factory is null) return null;
            try
            {
                return factory.CreateLogger(name);
            }
            catch (ObjectDisposedException)
            {
                // A host disposed without a clean stop (one that failed to start): forget it and ask the next.
                Detach(factory);
            }
        }
    }

    private sealed class LogProvider : Hangfire.Logging.ILogProvider
    {
        public Hangfire.Logging.ILog GetLogger(string name) => new HostLog(name);
    }

    private sealed class HostLog(string name) : Hangfire.Logging.ILog
    {
        public bool Log(HangfireLogLevel logLevel, Func<string>? messageFunc, Exception? exception = null)
        {
            var logger = Logger(name);
            if (logger is null) return false;
            var level = logLevel switch
            {
                HangfireLogLevel.Trace => LogLevel.Trace,
                HangfireLogLevel.Debug => LogLevel.Debug,
                HangfireLogLevel.Info => LogLevel.Information,
                HangfireLogLevel.Warn => LogLevel.Warning,
                HangfireLogLevel.Error => LogLevel.Error,
                _ => LogLevel.Critical,
            };
            try
            {
                if (messageFunc is null) return logger.IsEnabled(level);
                if (!logger.IsEnabled(level)) return false;
                // Hangfire hands over a finished message, not a template: logged as it is, braces and all.
                logger.Log(level, default, messageFunc(), exception, static (message, _) => message);
                return true;
            }
            catch (ObjectDisposedException)
            {
                return false;
            }
        }
    }
}
