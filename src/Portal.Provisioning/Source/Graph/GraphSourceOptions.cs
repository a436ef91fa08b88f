namespace Portal.Provisioning.Source.Graph;

/// <summary>How the Graph source reads: retries on throttling and parallelism of per-group member reads.</summary>
public sealed class GraphSourceOptions
{
    /// <summary>Named HttpClient carrying the Graph SDK's middleware (retry, redirect, <c>$</c> decoding, telemetry).</summary>
    public const string HttpClientName = "Portal.Graph";

    /// <summary>Named HttpClient for the token endpoint (no Graph middleware, no bearer token).</summary>
    public const string TokenHttpClientName = "Portal.GraphToken";

    /// <summary>Retries of one request on 429/503/504 before the page counts as failed (SDK caps it at 10).</summary>
    public int MaxRetries { get; set; } = 3;

    /// <summary>Back-off base in seconds when Graph sends no Retry-After (then 2^n × this).</summary>
    public int RetryDelaySeconds { get; set; } = 3;

    /// <summary>Groups whose members are read at the same time.</summary>
    public int MemberReadParallelism { get; set; } = 4;

    /// <summary>Page size asked with <c>$top</c> (Graph's maximum is 999).</summary>
    public int PageSize { get; set; } = 999;
}
