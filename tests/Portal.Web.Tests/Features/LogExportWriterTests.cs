using System.Runtime.CompilerServices;
using System.Text;
using System.Text.Json;
using Portal.Data.Entities;
using Portal.Web.Features.Logs;

namespace Portal.Web.Tests.Features;

public sealed class LogExportWriterTests
{
    private static readonly Dictionary<Guid, string> NoApplications = [];

    [Fact]
    public async Task WriteCsvAsync_WritesEveryRowPastEntrasCap_WhenTheSetIsLarge()
    {
        using var output = new MemoryStream();

        await LogExportWriter.WriteCsvAsync(Rows(100_001, TestContext.Current.CancellationToken), NoApplications, output, TestContext.Current.CancellationToken);

        var lines = Encoding.UTF8.GetString(output.ToArray()).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(100_002, lines.Length);
        Assert.StartsWith("id,changeId,cycleId", lines[0], StringComparison.Ordinal);
    }

    [Fact]
    public async Task WriteCsvAsync_QuotesAndDefusesFormulas_WhenValuesNeedIt()
    {
        using var output = new MemoryStream();
        var entry = Row(1);
        entry.SourceDisplayName = "=HYPERLINK(\"x\")";
        entry.ErrorReason = "a, \"quoted\"\nreason";

        await LogExportWriter.WriteCsvAsync(Single(entry), NoApplications, output, TestContext.Current.CancellationToken);

        var text = Encoding.UTF8.GetString(output.ToArray());
        Assert.Contains("\"'=HYPERLINK(\"\"x\"\")\"", text, StringComparison.Ordinal);
        Assert.Contains("\"a, \"\"quoted\"\"\nreason\"", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task WriteCsvAsync_WritesEveryFieldInvariantAndInUtf8_ForAFullRow()
    {
        using var output = new MemoryStream();
        var entry = Row(42);
        entry.ChangeId = new Guid("11111111-2222-3333-4444-555555555555");
        entry.CycleId = new Guid("aaaaaaaa-0000-0000-0000-000000000001");
        entry.JobId = new Guid("bbbbbbbb-0000-0000-0000-000000000002");
        entry.ActivityDateTime = new DateTimeOffset(2026, 11, 20, 10, 30, 5, 123, TimeSpan.FromHours(1));
        entry.DurationInMilliseconds = 1234;
        entry.Status = ProvisioningLogStatus.Failure;
        entry.SourceDisplayName = "Jürgen \"Jo\" Müller";
        entry.TargetId = "-42";
        entry.TargetDisplayName = "ωmega@contoso.test";
        entry.StepsJson = """[{"name":"EntryImport"}]""";

        await LogExportWriter.WriteCsvAsync(Single(entry), new Dictionary<Guid, string> { [entry.JobId] = "Payroll, EMEA" }, output, TestContext.Current.CancellationToken);

        var lines = Encoding.UTF8.GetString(output.ToArray()).Split('\n');
        Assert.Equal(
            "42,11111111-2222-3333-4444-555555555555,aaaaaaaa-0000-0000-0000-000000000001,bbbbbbbb-0000-0000-0000-000000000002,\"Payroll, EMEA\","
            + "2026-11-20T09:30:05.1230000Z,1234,Create,Failure,User,user-42,\"Jürgen \"\"Jo\"\" Müller\",'-42,ωmega@contoso.test,,,,"
            + "\"[{\"\"name\"\":\"\"EntryImport\"\"}]\",",
            lines[1]);
        Assert.Equal(3, lines.Length);
    }

    [Fact]
    public async Task WriteJsonAsync_WritesNamesAsPeopleReadThem_WhenTheyHaveAccents()
    {
        using var output = new MemoryStream();
        var entry = Row(8);
        entry.SourceDisplayName = "Jürgen O'Brien";

        await LogExportWriter.WriteJsonAsync(Single(entry), NoApplications, output, TestContext.Current.CancellationToken);

        var text = Encoding.UTF8.GetString(output.ToArray());
        Assert.Contains("\"displayName\":\"Jürgen O'Brien\"", text, StringComparison.Ordinal);
        Assert.Equal("Jürgen O'Brien", JsonDocument.Parse(output.ToArray()).RootElement[0].GetProperty("sourceIdentity").GetProperty("displayName").GetString());
    }

    [Fact]
    public async Task WriteJsonAsync_WritesAValidArrayInGraphShape_WhenRowsHaveStepsAndProperties()
    {
        using var output = new MemoryStream();
        var entry = Row(7);
        entry.StepsJson = """[{"name":"EntryImport","status":"Success"}]""";
        entry.ModifiedPropertiesJson = """[{"displayName":"userName","oldValue":null,"newValue":"adele@contoso.test"}]""";

        await LogExportWriter.WriteJsonAsync(Single(entry), new Dictionary<Guid, string> { [entry.JobId] = "Payroll" }, output, TestContext.Current.CancellationToken);

        using var document = JsonDocument.Parse(output.ToArray());
        var first = document.RootElement[0];
        Assert.Equal("Payroll", first.GetProperty("application").GetString());
        Assert.Equal("Create", first.GetProperty("provisioningAction").GetString());
        Assert.Equal("EntryImport", first.GetProperty("provisioningSteps")[0].GetProperty("name").GetString());
        Assert.Equal("adele@contoso.test", first.GetProperty("modifiedProperties")[0].GetProperty("newValue").GetString());
    }

    private static ProvisioningLogEntry Row(long id) => new()
    {
        Id = id,
        ActivityDateTime = new DateTimeOffset(2026, 11, 20, 9, 0, 0, TimeSpan.Zero),
        Action = ProvisioningAction.Create,
        Status = ProvisioningLogStatus.Success,
        SourceId = $"user-{id}",
        SourceDisplayName = $"User {id}",
    };

    private static async IAsyncEnumerable<ProvisioningLogEntry> Single(ProvisioningLogEntry entry)
    {
        await Task.Yield();
        yield return entry;
    }

    private static async IAsyncEnumerable<ProvisioningLogEntry> Rows(int count, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        for (var i = 1; i <= count; i++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (i % 10_000 == 0)
            {
                await Task.Yield();
            }

            yield return Row(i);
        }
    }
}
