using Portal.Provisioning.Expressions;

namespace Portal.Provisioning.Tests.Expressions;

public sealed class DirectoryFunctionTests
{
    private static readonly AssignedAppRole Admin = new("a1b2", "Admin", "Administrator");
    private static readonly AssignedAppRole Reader = new("c3d4", null, "Reader");

    [Fact]
    public void DefaultDomain_ReturnsTenantDomain()
    {
        var input = ExpressionInput.Empty with { DefaultDomain = "contoso.com" };

        Assert.Equal("jdoe@contoso.com", Eval.Compiler().Evaluate("Join(\"@\", \"jdoe\", DefaultDomain())", input).Text);
    }

    [Fact]
    public void DefaultDomain_Throws_WhenTenantHasNone()
    {
        var error = Eval.Error("Append(\"x\", DefaultDomain())");

        Assert.Contains("no default verified domain", error.Message, StringComparison.Ordinal);
        Assert.Equal(13, error.Position);
    }

    [Fact]
    public void SingleAppRoleAssignment_ReturnsRoleValue_OrDisplayNameWithoutValue()
    {
        var compiled = Eval.Compiler().Compile("SingleAppRoleAssignment([appRoleAssignments])");

        Assert.Equal("Admin", compiled.Evaluate(ExpressionInput.Empty with { AppRoleAssignments = [Admin, Reader] }).Text);
        Assert.Equal("Reader", compiled.Evaluate(ExpressionInput.Empty with { AppRoleAssignments = [Reader] }).Text);
        Assert.Equal(ExpressionValueKind.None, compiled.Evaluate(ExpressionInput.Empty).Kind);
    }

    [Theory]
    [InlineData("AppRoleAssignmentsComplex([appRoleAssignments])")]
    [InlineData("AssertiveAppRoleAssignmentsComplex([AppRoleAssignments])")]
    public void AppRoleAssignmentsComplex_ReturnsOneJsonObjectPerRole(string text)
    {
        var value = Eval.Compiler().Evaluate(text, ExpressionInput.Empty with { AppRoleAssignments = [Admin, Reader] });

        Assert.Equal(
            ["{\"id\":\"a1b2\",\"value\":\"Admin\",\"displayName\":\"Administrator\"}", "{\"id\":\"c3d4\",\"value\":null,\"displayName\":\"Reader\"}"],
            value.Values);
        Assert.Equal(ExpressionValueKind.None, Eval.Compiler().Evaluate(text, ExpressionInput.Empty).Kind);
    }

    [Fact]
    public void AppRoleAssignmentsAttribute_ListsRoleValues()
    {
        var value = Eval.Compiler().Evaluate("Join(\",\", [appRoleAssignments])", ExpressionInput.Empty with { AppRoleAssignments = [Admin, Reader] });

        Assert.Equal("Admin,Reader", value.Text);
    }

    [Fact]
    public void RoleFunction_RejectsOtherArguments() =>
        Assert.Contains("[appRoleAssignments]", Eval.Error("AppRoleAssignmentsComplex(\"Admin\")").Message, StringComparison.Ordinal);
}
