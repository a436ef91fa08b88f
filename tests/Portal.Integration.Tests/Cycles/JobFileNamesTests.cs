using Microsoft.EntityFrameworkCore;
using Portal.Data;
using Portal.Data.Entities;
using Portal.Provisioning.Cycles;

namespace Portal.Integration.Tests.Cycles;

/// <summary>
/// A job file naming a directory attribute Graph does not have would make every read fail (real Graph answers such a
/// $select with 400); one whose expression does not parse would fail every object. Both stop at import, saying where,
/// before anything is written.
/// </summary>
public sealed class JobFileNamesTests
{
    [Theory]
    [InlineData(MappingType.Direct, "departmnet", "mapping of users to 'title': 'departmnet' is not an attribute of directory users; did you mean 'department'?")]
    [InlineData(MappingType.Expression, "ToUpper([telephoneNumber])", "Graph calls it 'businessPhones'")]
    [InlineData(MappingType.Expression, "ToUpper([jobTitle]", "the expression does not parse")]
    public async Task Import_RefusesTheJobFile_NamingTheMapping_WhenItNamesWhatTheDirectoryLacks(MappingType type, string source, string expected)
    {
        await using var sandbox = await EngineSandbox.StartAsync(DatabaseProvider.Sqlite);
        var attributes = new List<SyncJobAttribute> { new("userName", "userPrincipalName", Matching: 1), new("title", source, type) };
        var file = sandbox.UsersMapped(attributes);

        var refused = await Assert.ThrowsAsync<InvalidOperationException>(() => sandbox.ConfigureAsync(file));

        Assert.Contains(expected, refused.Message, StringComparison.Ordinal);
        await using var db = sandbox.Database.CreateContext(null);
        Assert.Equal(0, await db.Tenants.CountAsync(TestContext.Current.CancellationToken));
    }

    [Theory]
    [InlineData(1, ApplyMapping.ObjectAddOnly, "cannot be a matching attribute")]
    [InlineData(0, ApplyMapping.Always, "apply this mapping only during object creation")]
    public async Task Import_RefusesSelectUniqueValue_WhereItCannotHoldItsChoice(int matching, ApplyMapping apply, string expected)
    {
        await using var sandbox = await EngineSandbox.StartAsync(DatabaseProvider.Sqlite);
        var unique = new SyncJobAttribute("userName", "SelectUniqueValue([mailNickname], [userPrincipalName])", MappingType.Expression, Apply: apply, Matching: matching);

        var refused = await Assert.ThrowsAsync<InvalidOperationException>(() => sandbox.ConfigureAsync(sandbox.UsersMapped([new("externalId", "objectId", Matching: 2), unique])));

        Assert.Contains("mapping of users to 'userName': SelectUniqueValue", refused.Message, StringComparison.Ordinal);
        Assert.Contains(expected, refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Import_RefusesAScopingClause_OnAnAttributeTheDirectoryLacks_ButNotAMembershipClause()
    {
        await using var sandbox = await EngineSandbox.StartAsync(DatabaseProvider.Sqlite);
        SyncJobFile With(params SyncJobClause[] clauses) =>
            sandbox.UsersMapped(filters: new SyncJobFilter("f", clauses));

        var refused = await Assert.ThrowsAsync<InvalidOperationException>(() => sandbox.ConfigureAsync(With(new SyncJobClause("costCentre", "EQUALS", "1"))));
        Assert.StartsWith("The job file's scoping filter of users: 'costCentre' is not an attribute", refused.Message, StringComparison.Ordinal);

        await sandbox.ConfigureAsync(With(new SyncJobClause("", "IS MEMBER OF", "5f0c2f4e-3c41-4f7a-9d0e-2a6b1c8d9e10")));
    }
}
