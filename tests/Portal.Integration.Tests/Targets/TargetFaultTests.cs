using Portal.Data.Entities;
using Portal.Provisioning.Targets;
using Portal.Provisioning.Targets.Scim;
using Portal.Sandbox.Scim;

namespace Portal.Integration.Tests.Targets;

public sealed class TargetFaultTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Theory]
    [InlineData(SandboxFaultKind.TooManyRequests)]
    [InlineData(SandboxFaultKind.InternalServerError)]
    [InlineData(SandboxFaultKind.ServiceUnavailable)]
    [InlineData(SandboxFaultKind.DropConnectionAfterProcessing)]
    public async Task CreateAsync_CreatesExactlyOnce_WhenTargetFailsTransiently(SandboxFaultKind kind)
    {
        await using var sandbox = await ScimSandbox.StartAsync();
        sandbox.Target.Faults.Add(new SandboxFault(kind, Count: 3, Method: "POST"));

        var created = await sandbox.Connector().CreateAsync(ObjectKind.User, ScimTargetConnectorTests.User("storm@contoso.com", "S"),
            new MatchingKey("userName", "storm@contoso.com"), Ct);

        Assert.Equal(created.Id, Assert.Single(sandbox.Target.Users)["id"]!.GetValue<string>());
    }

    [Fact]
    public async Task CreateAsync_FindsTheCreatedUser_WhenTheResponseOutlastsTheTimeout()
    {
        await using var sandbox = await ScimSandbox.StartAsync(options: ScimSandbox.FastOptions with { RequestTimeout = TimeSpan.FromMilliseconds(300) });
        sandbox.Target.Faults.Add(new SandboxFault(SandboxFaultKind.Slow, Method: "POST", DelayMilliseconds: 1500));

        var created = await sandbox.Connector().CreateAsync(ObjectKind.User, ScimTargetConnectorTests.User("slow@contoso.com", "S"),
            new MatchingKey("userName", "slow@contoso.com"), Ct);

        Assert.Equal(created.Id, Assert.Single(sandbox.Target.Users)["id"]!.GetValue<string>());
        // The slow POST is logged only when its delayed response is written; wait for it, then count.
        for (var i = 0; i < 100 && !sandbox.Target.Requests.Entries.Any(r => r.Method == "POST"); i++)
        {
            await Task.Delay(50, Ct);
        }

        Assert.Equal(1, sandbox.Target.Requests.Entries.Count(r => r.Method == "POST"));
        Assert.Contains(sandbox.Target.Requests.Entries, r => r.Method == "GET" && r.PathAndQuery.Contains("filter=userName", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData(SandboxFaultKind.TooManyRequests, "TooManyRequests", "Too many requests")]
    [InlineData(SandboxFaultKind.InternalServerError, "InternalServerError", "Simulated internal error")]
    [InlineData(SandboxFaultKind.ServiceUnavailable, "InternalServerError", "Simulated outage")]
    public async Task GetAsync_ReportsTargetMessage_WhenFaultOutlastsRetries(SandboxFaultKind kind, string code, string message)
    {
        await using var sandbox = await ScimSandbox.StartAsync();
        sandbox.Target.Faults.Add(new SandboxFault(kind, Count: 50, RetryAfterSeconds: 0));

        var error = await Assert.ThrowsAsync<TargetException>(() => sandbox.Connector().GetAsync(ObjectKind.User, "any", Ct));

        Assert.Equal(code, error.ErrorCode);
        Assert.Contains(message, error.Message, StringComparison.Ordinal);
        Assert.True(error.IsTransient);
        Assert.Equal(ScimSandbox.FastOptions.MaxRetries + 1, sandbox.Target.Requests.Entries.Count);
    }

    [Fact]
    public async Task CreateAsync_ReportsTimeout_AndCreatesNothing_WhenTargetStaysDown()
    {
        await using var sandbox = await ScimSandbox.StartAsync();
        sandbox.Target.Faults.Add(new SandboxFault(SandboxFaultKind.ServiceUnavailable, Count: 100));

        var error = await Assert.ThrowsAsync<TargetException>(() => sandbox.Connector().CreateAsync(ObjectKind.User,
            ScimTargetConnectorTests.User("down@contoso.com", "D"), new MatchingKey("userName", "down@contoso.com"), Ct));

        Assert.Contains("Simulated outage", error.Message, StringComparison.Ordinal);
        Assert.Empty(sandbox.Target.Users);
    }

    [Theory]
    [InlineData(SandboxFaultKind.MalformedJson, "not valid JSON")]
    [InlineData(SandboxFaultKind.WrongContentType, "text/html")]
    [InlineData(SandboxFaultKind.HugeBody, "larger than")]
    [InlineData(SandboxFaultKind.WrongShape, "not a SCIM ListResponse")]
    public async Task FindAsync_ThrowsServiceIncompatible_WhenResponseIsMalformed(SandboxFaultKind kind, string expected)
    {
        await using var sandbox = await ScimSandbox.StartAsync(options: ScimSandbox.FastOptions with { MaxResponseBytes = 64 * 1024 });
        sandbox.Target.Faults.Add(new SandboxFault(kind, Method: "GET", BodyBytes: 200_000));

        var error = await Assert.ThrowsAsync<TargetException>(() => sandbox.Connector().FindAsync(ObjectKind.User, "userName", "a@b.c", Ct));

        Assert.Equal("SystemForCrossDomainIdentityManagementServiceIncompatible", error.ErrorCode);
        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(SandboxFaultKind.MissingId, "has no id")]
    [InlineData(SandboxFaultKind.LongId, "id is 300 characters long")]
    [InlineData(SandboxFaultKind.MalformedJson, "not valid JSON")]
    [InlineData(SandboxFaultKind.WrongShape, "no SCIM resource")]
    public async Task CreateAsync_ThrowsServiceIncompatible_AndDoesNotPostAgain_WhenTheAnswerIsMalformed(SandboxFaultKind kind, string expected)
    {
        await using var sandbox = await ScimSandbox.StartAsync();
        sandbox.Target.Faults.Add(new SandboxFault(kind, Method: "POST"));

        var error = await Assert.ThrowsAsync<TargetException>(() => sandbox.Connector().CreateAsync(ObjectKind.User,
            ScimTargetConnectorTests.User("odd@contoso.com", "O"), new MatchingKey("userName", "odd@contoso.com"), Ct));

        Assert.Equal("SystemForCrossDomainIdentityManagementServiceIncompatible", error.ErrorCode);
        Assert.Contains("POST /Users", error.Message, StringComparison.Ordinal);
        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
        Assert.False(error.IsTransient);
        Assert.Single(sandbox.Target.Requests.Entries, r => r.Method == "POST");
    }

    [Fact]
    public async Task CreateAsync_LooksUpBeforeEveryRetry_WhenThePostFails()
    {
        await using var sandbox = await ScimSandbox.StartAsync();
        sandbox.Target.Faults.Add(new SandboxFault(SandboxFaultKind.ServiceUnavailable, Count: 2, Method: "POST"));

        await sandbox.Connector().CreateAsync(ObjectKind.User, ScimTargetConnectorTests.User("retry@contoso.com", "R"), new MatchingKey("userName", "retry@contoso.com"), Ct);

        Assert.Equal(["POST 503", "GET 200", "POST 503", "GET 200", "POST 201"],
            sandbox.Target.Requests.Entries.Select(r => $"{r.Method} {r.Status}"));
        Assert.All(sandbox.Target.Requests.Entries.Where(r => r.Method == "GET"),
            r => Assert.Contains("filter=userName%20eq%20%22retry%40contoso.com%22", r.PathAndQuery, StringComparison.Ordinal));
        Assert.Single(sandbox.Target.Users);
    }

    [Fact]
    public async Task UpdateAsync_SendsIfMatch_AndRereadsOnce_WhenTheTargetChangedTheObjectMeanwhile()
    {
        await using var sandbox = await ScimSandbox.StartAsync();
        var connector = sandbox.Connector();
        var other = sandbox.Connector();
        var user = await connector.CreateAsync(ObjectKind.User, ScimTargetConnectorTests.User("etag@contoso.com", "E"), new MatchingKey("userName", "etag@contoso.com"), Ct);
        await other.UpdateAsync(ObjectKind.User, user.Id, new Dictionary<string, System.Text.Json.Nodes.JsonNode?> { ["displayName"] = "Changed elsewhere" }, Ct);
        sandbox.Target.Requests.Clear();

        await connector.UpdateAsync(ObjectKind.User, user.Id, new Dictionary<string, System.Text.Json.Nodes.JsonNode?> { ["name.givenName"] = "Eve" }, Ct);

        // The stale ETag from the create is refused (412), the object is read again and the change applied to it.
        Assert.Equal(["PATCH 412", "GET 200", "PATCH 200"], sandbox.Target.Requests.Entries.Select(r => $"{r.Method} {r.Status}"));
        var stored = Assert.Single(sandbox.Target.Users);
        Assert.Equal(("Eve", "Changed elsewhere"), (stored["name"]!["givenName"]!.GetValue<string>(), stored["displayName"]!.GetValue<string>()));
    }

    [Fact]
    public async Task UpdateAsync_SendsNoIfMatch_WhenTheDialectTurnsETagsOff()
    {
        await using var sandbox = await ScimSandbox.StartAsync();
        var connector = sandbox.Connector(DialectPresets.Rfc, """{"useETags": false}""");
        var user = await connector.CreateAsync(ObjectKind.User, ScimTargetConnectorTests.User("noetag@contoso.com", "N"), new MatchingKey("userName", "noetag@contoso.com"), Ct);
        await sandbox.Connector().UpdateAsync(ObjectKind.User, user.Id, new Dictionary<string, System.Text.Json.Nodes.JsonNode?> { ["displayName"] = "Elsewhere" }, Ct);
        sandbox.Target.Requests.Clear();

        await connector.UpdateAsync(ObjectKind.User, user.Id, new Dictionary<string, System.Text.Json.Nodes.JsonNode?> { ["name.givenName"] = "Nia" }, Ct);

        Assert.Equal(["PATCH 200"], sandbox.Target.Requests.Entries.Select(r => $"{r.Method} {r.Status}"));
    }

    [Fact]
    public async Task TestConnectionAsync_RefusesLoopback_WhenPrivateNetworkIsNotAllowed()
    {
        await using var sandbox = await ScimSandbox.StartAsync(options: ScimSandbox.FastOptions with
        {
            Resolve = (_, _) => Task.FromResult(new[] { System.Net.IPAddress.Loopback }),
        });
        var settings = sandbox.Settings() with { BaseUrl = $"https://scim.contoso.test:{sandbox.Server.Address.Port}/scim", AllowPrivateNetwork = false };

        var result = await sandbox.Factory.Create(settings).TestConnectionAsync(Ct);

        Assert.False(result.Succeeded);
        Assert.Contains("loopback", result.Message, StringComparison.Ordinal);
        Assert.Empty(sandbox.Target.Requests.Entries);
    }

    [Fact]
    public void Create_RefusesHttp_WhenPrivateNetworkIsNotAllowed()
    {
        using var factory = new ScimTargetConnectorFactory();
        var error = Assert.Throws<TargetException>(() => factory.Create(new TargetConnectorSettings("http://scim.contoso.test/scim", TargetAuthKind.BearerToken, "t")));
        Assert.Equal("InvalidTenantUrl", error.ErrorCode);
    }
}
