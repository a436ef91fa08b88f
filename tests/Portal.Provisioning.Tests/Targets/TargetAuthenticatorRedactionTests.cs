using System.Text;
using Portal.Data.Entities;
using Portal.Provisioning.Targets;

namespace Portal.Provisioning.Tests.Targets;

public sealed class TargetAuthenticatorRedactionTests
{
    private const string Secret = "p@ss w\"rd/+=";

    [Fact]
    public void Redact_RemovesTheSecretInEveryFormItTravelsIn_AnswerAfterAnswer()
    {
        using var http = new HttpClient();
        var auth = TargetAuthenticator.Create(new TargetConnectorSettings("https://scim.example/", TargetAuthKind.Basic, Secret, "admin"), http, TimeProvider.System);
        string[] forms =
        [
            Secret,
            Uri.EscapeDataString(Secret),
            """p@ss w\u0022rd/\u002B=""",
            Convert.ToBase64String(Encoding.UTF8.GetBytes("admin:" + Secret)),
        ];

        foreach (var form in forms)
        {
            // Twice: the forms are worked out once per connector and must hold for every later answer too.
            for (var answer = 0; answer < 2; answer++)
            {
                var redacted = auth.Redact($"{{\"detail\":\"bad header {form} sent\"}}");

                Assert.DoesNotContain(form, redacted, StringComparison.Ordinal);
                Assert.Contains("[redacted]", redacted, StringComparison.Ordinal);
            }
        }

        Assert.Equal("nothing secret here", auth.Redact("nothing secret here"));
    }
}
