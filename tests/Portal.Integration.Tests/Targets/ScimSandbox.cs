using Portal.Data.Entities;
using Portal.Provisioning.Targets;
using Portal.Provisioning.Targets.Scim;
using Portal.Sandbox.Scim;

namespace Portal.Integration.Tests.Targets;

/// <summary>A sandbox SCIM target on loopback plus a connector factory with a fast retry policy for tests.</summary>
internal sealed class ScimSandbox : IAsyncDisposable
{
    private ScimSandbox(SandboxScimServer server, ScimTargetConnectorFactory factory)
    {
        Server = server;
        Factory = factory;
    }

    public SandboxScimServer Server { get; }
    public ScimTargetConnectorFactory Factory { get; }
    public SandboxScimTarget Target => Server.Target;

    public static ScimClientOptions FastOptions { get; } = new()
    {
        BaseBackoff = TimeSpan.FromMilliseconds(1),
        MaxBackoff = TimeSpan.FromMilliseconds(5),
        MaxRetryAfter = TimeSpan.FromMilliseconds(20),
        RequestTimeout = TimeSpan.FromSeconds(10),
        MaxRetries = 4,
    };

    public static async Task<ScimSandbox> StartAsync(SandboxScimMode mode = SandboxScimMode.Strict, ScimClientOptions? options = null)
    {
        var server = await SandboxScimServer.StartAsync("http://127.0.0.1:0", new SandboxScimOptions { Mode = mode });
        return new ScimSandbox(server, new ScimTargetConnectorFactory(options ?? FastOptions));
    }

    public TargetConnectorSettings Settings(string preset = DialectPresets.Rfc, string? profileJson = null) =>
        new(Server.ScimBaseUrl, TargetAuthKind.BearerToken, SandboxScimOptions.DemoToken, DialectPreset: preset, DialectProfileJson: profileJson,
            RequestsPerSecond: null, AllowPrivateNetwork: true);

    public ScimTargetConnector Connector(string preset = DialectPresets.Rfc, string? profileJson = null) => Factory.CreateScim(Settings(preset, profileJson));

    public async ValueTask DisposeAsync()
    {
        Factory.Dispose();
        await Server.DisposeAsync();
    }
}
