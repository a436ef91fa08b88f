using System.Net;
using Portal.Provisioning.Targets;

namespace Portal.Provisioning.Tests.Targets;

public sealed class TargetAddressGuardTests
{
    [Theory]
    [InlineData("10.1.2.3")]
    [InlineData("172.20.0.1")]
    [InlineData("192.168.1.1")]
    [InlineData("169.254.169.254")]
    [InlineData("127.0.0.1")]
    [InlineData("::1")]
    [InlineData("fe80::1")]
    [InlineData("fd00::1")]
    [InlineData("::ffff:10.0.0.1")]
    public async Task ResolveAllowedAsync_Refuses_WhenAnyAddressIsLocal(string address)
    {
        var guard = new TargetAddressGuard(false, (_, _) => Task.FromResult(new[] { IPAddress.Parse("20.1.1.1"), IPAddress.Parse(address) }));
        await Assert.ThrowsAsync<TargetAddressRefusedException>(() => guard.ResolveAllowedAsync("scim.contoso.test", true, CancellationToken.None));
    }

    [Fact]
    public async Task ResolveAllowedAsync_Allows_PublicHttps_AndLocalHttpWhenPermitted()
    {
        var isPublic = new TargetAddressGuard(false, (_, _) => Task.FromResult(new[] { IPAddress.Parse("20.1.1.1") }));
        Assert.Single(await isPublic.ResolveAllowedAsync("scim.contoso.test", true, CancellationToken.None));
        await Assert.ThrowsAsync<TargetAddressRefusedException>(() => isPublic.ResolveAllowedAsync("scim.contoso.test", false, CancellationToken.None));

        var local = new TargetAddressGuard(true);
        Assert.Single(await local.ResolveAllowedAsync("127.0.0.1", false, CancellationToken.None));
    }
}
