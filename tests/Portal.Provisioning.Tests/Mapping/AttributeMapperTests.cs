using System.Text.Json.Nodes;
using Portal.Data.Entities;
using Portal.Provisioning.Expressions;
using Portal.Provisioning.Mapping;
using Portal.Provisioning.Source;

namespace Portal.Provisioning.Tests.Mapping;

public sealed class AttributeMapperTests
{
    private static readonly SourceObject Ann = new(ObjectKind.User, "u1", SourceChange.Present, new Dictionary<string, object?>(StringComparer.OrdinalIgnoreCase)
    {
        ["userPrincipalName"] = "ann@contoso.com",
        ["mail"] = "ann.mail@contoso.com",
        ["department"] = null,
        ["otherMails"] = new List<string> { "a@x.com", "b@x.com" },
    });

    [Fact]
    public void Map_AppliesOnCreateOnlyMappings_OnlyWhenCreating()
    {
        var mapper = Mapper(new AttributeMapping { TargetAttribute = "externalId", Source = "userPrincipalName", Apply = ApplyMapping.ObjectAddOnly });

        Assert.Equal("ann@contoso.com", Text(mapper.Map(Ann, [], false, forCreate: true).Values["externalId"]));
        Assert.False(mapper.Map(Ann, [], false, forCreate: false).Values.ContainsKey("externalId"));
    }

    [Fact]
    public void Map_UsesDefaultValue_OnlyOnCreate()
    {
        var mapper = Mapper(new AttributeMapping { TargetAttribute = "department", Source = "department", DefaultValue = "Unassigned" });

        Assert.Equal("Unassigned", Text(mapper.Map(Ann, [], false, forCreate: true).Values["department"]));
        Assert.False(mapper.Map(Ann, [], false, forCreate: false).Values.ContainsKey("department"));
    }

    [Fact]
    public void Map_ClearsTheTargetValue_OnlyWhenTheMappingOptedIn()
    {
        var plain = Mapper(new AttributeMapping { TargetAttribute = "department", Source = "department" });
        var clearing = Mapper(new AttributeMapping { TargetAttribute = "department", Source = "department", ClearWhenSourceRemoved = true });

        Assert.False(plain.Map(Ann, [], false, forCreate: false).Values.ContainsKey("department"));
        var cleared = clearing.Map(Ann, [], false, forCreate: false).Values;
        Assert.True(cleared.ContainsKey("department"));
        Assert.Null(cleared["department"]);
        Assert.False(clearing.Map(Ann, [], false, forCreate: true).Values.ContainsKey("department"));
    }

    [Fact]
    public void Map_ComputesIsSoftDeletedAndRoles_ForExpressions()
    {
        var mapper = Mapper(
            new AttributeMapping { TargetAttribute = "active", Type = MappingType.Expression, Source = "Not([IsSoftDeleted])" },
            new AttributeMapping { TargetAttribute = "roles", Type = MappingType.Expression, Source = "SingleAppRoleAssignment([appRoleAssignments])" });

        var values = mapper.Map(Ann, [new AppRole("r-admin", "Admin", "Administrator")], isSoftDeleted: false, forCreate: true).Values;

        Assert.True(values["active"]!.GetValue<bool>());
        Assert.Equal("Admin", Text(values["roles"]));
        Assert.False(mapper.Map(Ann, [], isSoftDeleted: true, forCreate: true).Values["active"]!.GetValue<bool>());
    }

    [Fact]
    public void Map_SendsConstantsAndMultiValuedAttributes_AndNeverNone()
    {
        var mapper = Mapper(
            new AttributeMapping { TargetAttribute = "userType", Type = MappingType.Constant, Source = "Employee" },
            new AttributeMapping { TargetAttribute = "emails", Source = "otherMails" },
            new AttributeMapping { TargetAttribute = "nickName", Type = MappingType.None, Source = "mail" });

        var values = mapper.Map(Ann, [], false, forCreate: true).Values;

        Assert.Equal("Employee", Text(values["userType"]));
        Assert.Equal(2, values["emails"]!.AsArray().Count);
        Assert.False(values.ContainsKey("nickName"));
    }

    [Fact]
    public void Map_ListsMatchingKeysInPrecedenceOrder_SkippingEmptyValues()
    {
        var mapper = Mapper(
            new AttributeMapping { TargetAttribute = "emails[type eq \"work\"].value", Source = "mail", IsMatching = true, MatchingPrecedence = 2 },
            new AttributeMapping { TargetAttribute = "department", Source = "department", IsMatching = true, MatchingPrecedence = 1 },
            new AttributeMapping { TargetAttribute = "userName", Source = "userPrincipalName", IsMatching = true, MatchingPrecedence = 3 });

        var keys = mapper.Map(Ann, [], false, forCreate: true).MatchingKeys;

        Assert.Equal(["emails[type eq \"work\"].value", "userName"], keys.Select(k => k.Attribute));
        Assert.Equal("ann.mail@contoso.com", keys[0].Value);
    }

    [Fact]
    public void Map_ThrowsMappingErrorNamingTheExpression_WhenExpressionIsInvalid()
    {
        var mapper = Mapper(new AttributeMapping { TargetAttribute = "x", Type = MappingType.Expression, Source = "Join(\",\", [a]" });

        var error = Assert.Throws<MappingException>(() => mapper.Map(Ann, [], false, forCreate: true));

        Assert.Contains("Join(", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Map_LeavesTheAttributeUntouched_WhenTheExpressionIgnoresItsFlow()
    {
        var mapper = Mapper(new AttributeMapping
        {
            TargetAttribute = "department", Type = MappingType.Expression, Source = "IgnoreFlowIfNullOrEmpty([department])", ClearWhenSourceRemoved = true,
        });

        Assert.False(mapper.Map(Ann, [], false, forCreate: false).Values.ContainsKey("department"));
    }

    private static AttributeMapper Mapper(params AttributeMapping[] mappings) => new(mappings, new ExpressionLanguageEvaluator(ExpressionCompiler.Default));

    private static string? Text(JsonNode? node) => node?.GetValue<string>();
}
