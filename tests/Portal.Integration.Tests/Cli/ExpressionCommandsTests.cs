using System.CommandLine;
using System.Diagnostics;
using System.Text.Json;
using Portal.Cli;

namespace Portal.Integration.Tests.Cli;

public sealed class ExpressionCommandsTests : IDisposable
{
    private readonly string _attributesFile = Path.Combine(Path.GetTempPath(), $"portal-attributes-{Guid.NewGuid():N}.json");

    public void Dispose() => File.Delete(_attributesFile);

    [Fact]
    public async Task Eval_PrintsSingleValueAsPlainText()
    {
        var (exit, output, error) = await RunAsync(["expression", "eval", "--expression", "Join(\"@\", ToLower([mailNickname]), \"contoso.com\")", "--attributes", AttributesFile()]);

        Assert.Equal(0, exit);
        Assert.Equal("jdoe@contoso.com" + Environment.NewLine, output);
        Assert.Empty(error);
    }

    [Fact]
    public async Task Eval_PrintsMultiValuedResultAsJsonArray()
    {
        var (exit, output, _) = await RunAsync(["expression", "eval", "--expression", "RemoveDuplicates([proxyAddresses])", "--attributes", AttributesFile()]);

        Assert.Equal(0, exit);
        Assert.Equal(["smtp:jdoe@contoso.com", "smtp:zoë@contoso.com"], JsonSerializer.Deserialize<string[]>(output)!);
        Assert.Equal("[\"smtp:jdoe@contoso.com\",\"smtp:zoë@contoso.com\"]" + Environment.NewLine, output);
    }

    [Fact]
    public async Task Eval_PrintsNothing_WhenThereIsNoValue()
    {
        var (exit, output, error) = await RunAsync(["expression", "eval", "--expression", "[department]", "--attributes", AttributesFile()]);

        Assert.Equal(0, exit);
        Assert.Empty(output);
        Assert.Empty(error);
    }

    [Fact]
    public async Task Eval_PrintsErrorWithPositionAndExits2_WhenExpressionIsInvalid()
    {
        var (exit, output, error) = await RunAsync(["expression", "eval", "--expression", "Join(\",\", [a]"]);

        Assert.Equal(2, exit);
        Assert.Empty(output);
        Assert.StartsWith("error: Unclosed '(' of Join", error, StringComparison.Ordinal);
        Assert.EndsWith("(position 14)" + Environment.NewLine, error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Eval_UsesRoleAssignmentsAndDefaultDomain_FromOptions()
    {
        var (_, roles, _) = await RunAsync(["expression", "eval", "-e", "SingleAppRoleAssignment([appRoleAssignments])", "--attributes", AttributesFile()]);
        var (_, domain, _) = await RunAsync(["expression", "eval", "-e", "DefaultDomain()", "--default-domain", "contoso.com"]);

        Assert.Equal("Admin" + Environment.NewLine, roles);
        Assert.Equal("contoso.com" + Environment.NewLine, domain);
    }

    [Fact]
    public async Task EvalBatch_AnswersEveryLineInOrder_AndSurvivesBadLines()
    {
        string[] lines =
        [
            """{"id": "a", "expression": "ToUpper([sn])", "attributes": {"sn": "doe"}}""",
            """{"id": "b", "expression": "Split([x], \",\")", "attributes": {"x": "1,2"}}""",
            """not json""",
            """{"id": "c", "expression": "[gone]", "attributes": {"gone": null}}""",
            """{"id": 4, "expression": "Left([a]", "attributes": {}}""",
            """{"id": "e", "expression": "Join(\"-\", [v])", "attributes": {"v": ["x", "y"]}}""",
            """{"id": "f"}""",
            """{"id": "g", "expression": "Len(Guid())", "attributes": null}""",
        ];

        var (exit, output, _) = await RunAsync(["expression", "eval-batch"], string.Join('\n', lines) + "\n");

        Assert.Equal(0, exit);
        var answers = output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(lines.Length, answers.Length);
        Assert.Equal("""{"id":"a","value":"DOE"}""", answers[0]);
        Assert.Equal("""{"id":"b","values":["1","2"]}""", answers[1]);
        Assert.StartsWith("""{"id":null,"error":"line 3: """, answers[2], StringComparison.Ordinal);
        Assert.Equal("""{"id":"c","value":null}""", answers[3]);
        Assert.StartsWith("""{"id":4,"error":"Unclosed '(' of Left""", answers[4], StringComparison.Ordinal);
        Assert.EndsWith("(position 9)\"}", answers[4], StringComparison.Ordinal);
        Assert.Equal("""{"id":"e","value":"x-y"}""", answers[5]);
        Assert.Contains("\"expression\\\" is missing", answers[6], StringComparison.Ordinal);
        Assert.Equal("""{"id":"g","value":"36"}""", answers[7]);
    }

    [Fact]
    public async Task Portal_ExitsWith2AndWritesStderr_WhenRunAsAProcess()
    {
        var portal = Path.Combine(AppContext.BaseDirectory, "portal.dll");
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, RedirectStandardInput = true };
        foreach (var argument in new[] { portal, "expression", "eval", "--expression", "Foo([a])" })
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start)!;
        var error = await process.StandardError.ReadToEndAsync(TestContext.Current.CancellationToken);
        var output = await process.StandardOutput.ReadToEndAsync(TestContext.Current.CancellationToken);
        await process.WaitForExitAsync(TestContext.Current.CancellationToken);

        Assert.Equal(2, process.ExitCode);
        Assert.Empty(output);
        Assert.Equal("error: Unknown function 'Foo'; expected one of the functions listed in docs/expressions.md (position 1)", error.Trim());
    }

    private static async Task<(int Exit, string Output, string Error)> RunAsync(string[] args, string input = "")
    {
        var root = new RootCommand();
        root.Subcommands.Add(ExpressionCommands.Create(new StringReader(input)));
        var output = new StringWriter();
        var error = new StringWriter();
        var exit = await root.Parse(args).InvokeAsync(new InvocationConfiguration { Output = output, Error = error }, TestContext.Current.CancellationToken);
        return (exit, output.ToString(), error.ToString());
    }

    private string AttributesFile()
    {
        var path = _attributesFile;
        File.WriteAllText(path, """
            {
              "mailNickname": "JDoe",
              "department": null,
              "proxyAddresses": ["smtp:jdoe@contoso.com", "smtp:zoë@contoso.com", "smtp:jdoe@contoso.com"],
              "appRoleAssignments": [{"id": "r1", "value": "Admin", "displayName": "Administrator"}]
            }
            """);
        return path;
    }
}
