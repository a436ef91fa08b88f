using Portal.Data.Entities;
using Portal.Provisioning.Source;

namespace Portal.Provisioning.Tests.Source;

public sealed class DirectoryAttributesTests
{
    [Theory]
    [InlineData(ObjectKind.User, "department")]
    [InlineData(ObjectKind.User, "USERPRINCIPALNAME")]
    [InlineData(ObjectKind.User, "employeeOrgData.costCenter")]
    [InlineData(ObjectKind.User, "extensionAttribute15")]
    [InlineData(ObjectKind.User, "extension_0a1b2c3d_costCenter")]
    [InlineData(ObjectKind.User, "manager")]
    [InlineData(ObjectKind.User, "IsSoftDeleted")]
    [InlineData(ObjectKind.User, "appRoleAssignments")]
    [InlineData(ObjectKind.User, "otherMails")]
    [InlineData(ObjectKind.Group, "objectId")]
    [InlineData(ObjectKind.Group, "members")]
    [InlineData(ObjectKind.Group, "mailNickname")]
    public void Problem_IsNone_ForWhatTheEngineReads(ObjectKind kind, string name) => Assert.Null(DirectoryAttributes.Problem(kind, name));

    [Fact]
    public void Problem_NamesTheMeantAttribute_WhenANameIsMisspelt() =>
        Assert.Equal("'departmnet' is not an attribute of directory users; did you mean 'department'?", DirectoryAttributes.Problem(ObjectKind.User, "departmnet"));

    [Fact]
    public void Problem_GivesGraphsName_ForAnAttributeEntraNamesDifferently() =>
        Assert.Contains("Graph calls it 'businessPhones'", DirectoryAttributes.Problem(ObjectKind.User, "telephoneNumber"), StringComparison.Ordinal);

    [Fact]
    public void Problem_SaysGraphListsDoNotReturnIt_ForAPropertyReadOneObjectAtATime() =>
        Assert.Contains("only for one object at a time", DirectoryAttributes.Problem(ObjectKind.User, "aboutMe"), StringComparison.Ordinal);

    [Theory]
    [InlineData(ObjectKind.User, "memberOf")]
    [InlineData(ObjectKind.User, "passwordProfile")]
    [InlineData(ObjectKind.Group, "department")]
    [InlineData(ObjectKind.User, "members")]
    public void Problem_RefusesRelationshipsWriteOnlyValuesAndTheOtherKindsAttributes(ObjectKind kind, string name) =>
        Assert.NotNull(DirectoryAttributes.Problem(kind, name));

    [Fact]
    public void Of_ListsGraphsProperties_WithoutRelationships()
    {
        var users = DirectoryAttributes.Of(ObjectKind.User);

        Assert.Contains("employeeId", users);
        Assert.Contains("extensionAttribute1", users);
        Assert.DoesNotContain("memberOf", users);
        Assert.DoesNotContain("onPremisesExtensionAttributes", users);
        Assert.Equal(users.Order(StringComparer.OrdinalIgnoreCase), users);
    }

    [Fact]
    public void Problem_ReportsTheFirstUnknownName_AmongSeveral() =>
        Assert.Contains("'citty'", DirectoryAttributes.Problem(ObjectKind.User, ["givenName", "citty", "strete"]), StringComparison.Ordinal);
}
