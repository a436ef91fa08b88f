using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using Portal.Sandbox.Graph;
using Portal.Sandbox.Scim;

namespace Portal.Integration.Tests.Cli;

/// <summary>
/// <c>portal sync link</c> as a script taking over a target kept by hand runs it (a real process): accounts made under
/// other user names are linked to their directory users before the first run, which then creates only the others.
/// </summary>
public sealed class SyncLinkTests : IDisposable
{
    private readonly SyncJobFolder _folder = new();

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public void Dispose() => _folder.Dispose();

    [Fact]
    public async Task Link_TakesOverHandMadeAccounts_SoTheFirstRunCreatesOnlyTheOthers()
    {
        var emulator = SandboxGraphEmulator.CreateGenerated(20, 2, 20, 7);
        await using var graph = await SandboxGraphServer.StartAsync(emulator, cancellationToken: Ct);
        await using var scim = await SandboxScimServer.StartAsync("http://127.0.0.1:0", new SandboxScimOptions(), Ct);
        var job = _folder.WriteJob(graph, scim);
        var people = emulator.Directory.Users().Where(u => u.AccountEnabled).ToList();
        var (first, second) = (await HandMadeAsync(scim, "legacy.one@legacy.example"), await HandMadeAsync(scim, "legacy.two@legacy.example"));
        var links = Path.Combine(Path.GetDirectoryName(job)!, "links.csv");
        await File.WriteAllTextAsync(links, $"kind,sourceId,targetId\nuser,{people[0].Id},{first}\nuser,{people[1].Id},{second}\nuser,{people[2].Id},no-such-account\n", Ct);

        var linked = await SyncJobFolder.RunAsync("link", job, "--links", links);

        Assert.True(linked.Exit == 5, linked.Output); // 5: a line was refused, as docs/sync-job.md says
        Assert.Equal((2, 1, 0), (linked.Summary.GetProperty("linked").GetInt32(), linked.Summary.GetProperty("refused").GetInt32(), linked.Summary.GetProperty("failed").GetInt32()));
        Assert.Contains($"refused: user {people[2].Id} -> no-such-account: The target has no user with id no-such-account.", linked.Output, StringComparison.Ordinal);
        var accounts = scim.Target.Users.ToDictionary(u => u["id"]!.GetValue<string>(), u => u["userName"]!.GetValue<string>());
        Assert.Equal((people[0].UserPrincipalName, people[1].UserPrincipalName), (accounts[first], accounts[second]));

        var run = await SyncJobFolder.RunAsync("run", job);
        Assert.True(run.Exit == 0, run.Output);
        // One account each: the two linked kept their ids, the others were created.
        var after = scim.Target.Users.ToDictionary(u => u["userName"]!.GetValue<string>(), u => u["id"]!.GetValue<string>(), StringComparer.OrdinalIgnoreCase);
        Assert.Equal((first, second), (after[people[0].UserPrincipalName!], after[people[1].UserPrincipalName!]));
        Assert.Equal(people.Count, scim.Target.Users.Count);
    }

    [Fact]
    public async Task Link_RefusesAFileWithABadLine_BeforeLinkingAnything()
    {
        var links = Path.Combine(Path.GetTempPath(), $"links-{Guid.NewGuid():N}.csv");
        await File.WriteAllTextAsync(links, "kind,sourceId,targetId\nuser,a,b\nmailbox,c,d\n", Ct);
        try
        {
            var refused = await SyncJobFolder.RunAsync("link", Path.Combine(Path.GetTempPath(), "no-job.json"), "--links", links);

            Assert.True(refused.Exit == 2, refused.Output);
            Assert.Contains($"{Path.GetFileName(links)}:3: expected 'user|group,<directory object id>,<target id>', found 'mailbox,c,d'.", refused.Output, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(links);
        }
    }

    private static async Task<string> HandMadeAsync(SandboxScimServer scim, string userName)
    {
        using var http = new HttpClient();
        using var request = new HttpRequestMessage(HttpMethod.Post, $"{scim.ScimBaseUrl}/Users");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", SandboxScimOptions.DemoToken);
        var body = new JsonObject { ["schemas"] = new JsonArray("urn:ietf:params:scim:schemas:core:2.0:User"), ["userName"] = userName, ["active"] = true };
        request.Content = new StringContent(body.ToJsonString(), Encoding.UTF8, "application/scim+json");
        using var response = await http.SendAsync(request, Ct);
        response.EnsureSuccessStatusCode();
        return JsonNode.Parse(await response.Content.ReadAsStringAsync(Ct))!["id"]!.GetValue<string>();
    }
}
