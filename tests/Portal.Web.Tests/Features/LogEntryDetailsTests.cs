using Portal.Web.Features.Logs;

namespace Portal.Web.Tests.Features;

/// <summary>A log entry's stored steps read for the drawer: each step's details as name and text.</summary>
public sealed class LogEntryDetailsTests
{
    [Fact]
    public void Steps_ReadEachStepsDetails_TextAsIs_OtherValuesAsJson()
    {
        var steps = LogEntryDetails.Steps("""
            [{"name":"EntryImport","status":"Success","description":"Retrieved."},
             {"name":"EntryMatching","status":"Failure","description":"Several match.","details":{"MatchingAttribute1":"externalId eq \"ann\": 2 match(es)","Count":2}}]
            """);

        Assert.Equal(2, steps.Count);
        Assert.Null(steps[0].Details);
        Assert.Equal(new Dictionary<string, string> { ["MatchingAttribute1"] = "externalId eq \"ann\": 2 match(es)", ["Count"] = "2" }, steps[1].Details);
    }
}
