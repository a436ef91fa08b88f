namespace Portal.Provisioning.Targets;

/// <summary>Timeouts, retry budget and size caps of target calls; time, randomness and DNS are injectable for tests.</summary>
public sealed record ScimClientOptions
{
    public TimeProvider Time { get; init; } = TimeProvider.System;

    /// <summary>Jitter source in [0, 1).</summary>
    public Func<double> Random { get; init; } = System.Random.Shared.NextDouble;

    public TimeSpan RequestTimeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>Retries after 429, 5xx, timeouts and dropped connections before the object goes to escrow.</summary>
    public int MaxRetries { get; init; } = 4;

    public TimeSpan BaseBackoff { get; init; } = TimeSpan.FromSeconds(1);
    public TimeSpan MaxBackoff { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>A longer Retry-After is cut to this; the object is retried in a later cycle rather than blocking this one.</summary>
    public TimeSpan MaxRetryAfter { get; init; } = TimeSpan.FromMinutes(2);

    /// <summary>Responses larger than this are refused rather than buffered.</summary>
    public long MaxResponseBytes { get; init; } = 8 * 1024 * 1024;

    /// <summary>DNS resolution used by the address guard.</summary>
    public HostResolver? Resolve { get; init; }

    /// <summary>How the address guard opens a connection to the addresses it checked; sockets when null.</summary>
    public AddressDialer? Dial { get; init; }

    /// <summary>Where the address guard logs refused connections (host, port and address; never the URL).</summary>
    public Microsoft.Extensions.Logging.ILogger? AddressLog { get; init; }
}
