using Portal.Data.Entities;
using Portal.Provisioning.Source;

namespace Portal.Provisioning.Tests.Source;

public sealed class DirectorySourceSettingsTests
{
    [Fact]
    public void OfAStoredConnection_CarriesTheSovereignCloud_AndDefaultsToTheGlobalGraph()
    {
        var gov = new DirectoryConnection
        {
            ClientId = "c0ffee00-0000-4000-8000-000000000001",
            AuthorityHost = "https://login.microsoftonline.us",
            GraphBaseUrl = "https://graph.microsoft.us/v1.0",
        };

        var settings = DirectorySourceSettings.Of("tenant-1", gov, "secret");

        Assert.Equal(("tenant-1", gov.ClientId, "secret", "https://graph.microsoft.us/v1.0", (string?)null, "https://login.microsoftonline.us"),
            (settings.TenantId, settings.ClientId, settings.ClientSecret, settings.GraphBaseUrl, settings.TokenEndpoint, settings.AuthorityHost));
        Assert.Equal("https://graph.microsoft.com/v1.0", DirectorySourceSettings.Of("tenant-1", new DirectoryConnection { ClientId = "id" }, "s").GraphBaseUrl);
        Assert.DoesNotContain("secret", settings.ToString(), StringComparison.Ordinal);
    }
}
