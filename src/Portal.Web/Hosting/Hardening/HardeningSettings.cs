namespace Portal.Web.Hosting.Hardening;

/// <summary>The <c>Portal:Hardening</c> settings: request limits and rate limits.</summary>
public sealed record HardeningSettings
{
    public const string Section = "Portal:Hardening";

    /// <summary>Largest request body accepted; the portal's forms are small and there are no uploads.</summary>
    public long MaxRequestBodyBytes { get; init; } = 1024 * 1024;

    /// <summary>Sign-in attempts (sign-in, dev sign-in, OpenID Connect callback) per client address and minute.</summary>
    public int SignInPerMinute { get; init; } = 30;

    /// <summary>Test Connection presses per provisioning job within <see cref="ActionWindow"/>.</summary>
    public int TestConnectionPerWindow { get; init; } = 5;

    /// <summary>Provision-on-demand requests per provisioning job within <see cref="ActionWindow"/> (Entra allows 5 per 10 s).</summary>
    public int OnDemandPerWindow { get; init; } = 5;

    /// <summary>Reconciliations (each lists the whole target) per provisioning job within <see cref="ActionWindow"/>.</summary>
    public int ReconcilePerWindow { get; init; } = 2;

    public TimeSpan ActionWindow { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>
    /// Requests per API key and minute: a monitoring script polls a few times a minute; a loop gone wrong must not take the
    /// portal's database from everyone else. Starting cycles and provisioning are limited per job besides.
    /// </summary>
    public int ApiRequestsPerMinute { get; init; } = 120;

    /// <summary>
    /// Reverse proxies (addresses, or networks such as 10.0.0.0/8) whose X-Forwarded-For and X-Forwarded-Proto the portal
    /// believes. Empty: the headers are ignored, so a client cannot choose its own address to slip the sign-in limit.
    /// </summary>
    public string[] TrustedProxies { get; init; } = [];

    public static HardeningSettings FromConfiguration(IConfiguration configuration) =>
        configuration.GetSection(Section).Get<HardeningSettings>() ?? new HardeningSettings();
}
