using Portal.Sandbox.Graph;

namespace Portal.Web.Features.Sandbox;

/// <summary>
/// Marks a page that exists only in the embedded default, where the sandbox (Graph emulator, SCIM targets, pickup
/// folder) runs inside the host. With <c>Sandbox:Enabled</c> false its address answers 404 and the router shows
/// nothing there, so a production portal offers no way to reach it.
/// </summary>
[AttributeUsage(AttributeTargets.Class, Inherited = false)]
public sealed class SandboxOnlyAttribute : Attribute;

public static class SandboxPages
{
    /// <summary>True when <paramref name="pageType"/> is a sandbox page and this host runs without the sandbox.</summary>
    public static bool IsHidden(Type? pageType, IServiceProvider services) =>
        pageType is not null && pageType.IsDefined(typeof(SandboxOnlyAttribute), inherit: false)
        && services.GetService<SandboxGraphEmulator>() is null;
}
