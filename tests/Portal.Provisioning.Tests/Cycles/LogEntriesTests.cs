using System.Text.Json;
using System.Text.Json.Nodes;
using Portal.Data.Entities;
using Portal.Provisioning.Cycles;
using Portal.Provisioning.Planning;

namespace Portal.Provisioning.Tests.Cycles;

public sealed class LogEntriesTests
{
    private static readonly DateTimeOffset Now = new(2026, 12, 4, 9, 0, 0, TimeSpan.Zero);

    [Fact]
    public void From_StoresStepsAndPropertiesAsReadableJson_WhenNamesHaveAccentsAndApostrophes()
    {
        var change = new PlannedChange(ObjectKind.User, "u-1", "Inés O'Brien-Müller", ChangeAction.Create, null,
            PlannedChange.NoValues, PlannedChange.NoValues, [new ModifiedProperty("displayName", null, "Inés O'Brien-Müller <HR>")], "In scope.");
        var steps = new[] { ProvisioningStep.Of("EntryImport", "import", "Success", "Retrieved User 'Inés O'Brien-Müller' from the source system.") };

        var entry = LogEntries.From(new ObjectResult(change, null, steps, "t-1"), new Cycle(), Now, Now);

        Assert.Contains("Retrieved User 'Inés O'Brien-Müller'", entry.StepsJson, StringComparison.Ordinal);
        Assert.Contains("\"newValue\":\"Inés O'Brien-Müller <HR>\"", entry.ModifiedPropertiesJson, StringComparison.Ordinal);
        var property = JsonNode.Parse(entry.ModifiedPropertiesJson!)![0]!;
        Assert.Equal("displayName", (string?)property["displayName"]);
        Assert.Null(property["oldValue"]);
        var step = JsonDocument.Parse(entry.StepsJson!).RootElement[0];
        Assert.Equal("import", step.GetProperty("provisioningStepType").GetString());
    }

    [Fact]
    public void From_StillEscapesQuotesControlCharactersAndBrokenText_SoTheStoredJsonParses()
    {
        var change = new PlannedChange(ObjectKind.User, "u-2", "A \"quoted\"\nname", ChangeAction.Update, "t-2",
            PlannedChange.NoValues, PlannedChange.NoValues,
            [new ModifiedProperty("title", "old\tvalue", "new \\ value"), new ModifiedProperty("nickname", null, "half \ud83d")], "Changed.");

        var entry = LogEntries.From(new ObjectResult(change, null, [], "t-2"), new Cycle(), Now, Now);

        var property = JsonNode.Parse(entry.ModifiedPropertiesJson!)![0]!;
        Assert.Equal("old\tvalue", (string?)property["oldValue"]);
        Assert.Equal("new \\ value", (string?)property["newValue"]);
        Assert.StartsWith("half ", (string?)JsonNode.Parse(entry.ModifiedPropertiesJson!)![1]!["newValue"], StringComparison.Ordinal);
        Assert.Equal("[]", entry.StepsJson);
    }
}
