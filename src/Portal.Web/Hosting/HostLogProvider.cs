using Hangfire.AspNetCore;
using Hangfire.Logging;

namespace Portal.Web.Hosting;

/// <summary>
/// Hangfire's logging through this host's <see cref="ILoggerFactory"/>. Hangfire keeps one log provider for the whole
/// process, set by whichever host configured it last; when that host stops, its logger factory is disposed while
/// another host in the same process (several nodes in one test run, the benchmark's hosts) may still create Hangfire
/// objects. Those then log nothing instead of failing.
/// </summary>
internal sealed class HostLogProvider(ILoggerFactory factory) : ILogProvider
{
    private readonly AspNetCoreLogProvider _inner = new(factory);

    public ILog GetLogger(string name)
    {
        try
        {
            return _inner.GetLogger(name);
        }
        catch (ObjectDisposedException)
        {
            return Silent.Instance;
        }
    }

    private sealed class Silent : ILog
    {
        public static readonly Silent Instance = new();

        public bool Log(Hangfire.Logging.LogLevel logLevel, Func<string>? messageFunc, Exception? exception = null) => false;
    }
}
