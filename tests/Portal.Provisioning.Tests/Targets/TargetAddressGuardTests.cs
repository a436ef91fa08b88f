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
    [InlineData("::ffff:169.254.169.254")]
    [InlineData("::ffff:127.0.0.1")]
    [InlineData("::127.0.0.1")]
    [InlineData("64:ff9b::a9fe:a9fe")]
    [InlineData("2002:a9fe:a9fe::1")]
    [InlineData("0.0.0.0")]
    [InlineData("::")]
    [InlineData("100.64.0.1")]
    [InlineData("198.18.0.1")]
    [InlineData("224.0.0.1")]
    [InlineData("255.255.255.255")]
    [InlineData("ff02::1")]
    public async Task ResolveAllowedAsync_Refuses_WhenAnyAddressIsLocal(string address)
    {
        var guard = new TargetAddressGuard(false, (_, _) => Task.FromResult(new[] { IPAddress.Parse("20.1.1.1"), IPAddress.Parse(address) }));
        await Assert.ThrowsAsync<TargetAddressRefusedException>(() => guard.ResolveAllowedAsync("scim.contoso.test", true, CancellationToken.None));
    }

    [Theory]
    [InlineData("20.1.1.1")]
    [InlineData("2603:1030::1")]
    [InlineData("::ffff:20.1.1.1")]
    [InlineData("2002:1401:0101::1")]
    public void IsLocal_IsFalse_ForPublicAddresses(string address) => Assert.False(TargetAddressGuard.IsLocal(IPAddress.Parse(address)));

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
