using Portal.Data.Entities;
using Portal.Provisioning.Scope;
using Portal.Provisioning.Source;

namespace Portal.Provisioning.Tests.Scope;

public sealed class ScopeEvaluatorTests
{
    private const string UserRole = "r-user";
    private const string AdminRole = "r-admin";
    private static readonly AppRole[] Roles = [new(UserRole, "User", "User"), new(AdminRole, "Admin", "Admin"), new(AppRole.DefaultAccessId, null, "Default Access")];
    private static readonly HashSet<string> NoGroups = [];

    [Fact]
    public void Evaluate_IsOutOfScope_WhenOnlyAssignedWithDefaultAccess()
    {
        var entitlements = Entitle([new("u1", PrincipalType.User, AppRole.DefaultAccessId, "Ann")]);

        var decision = new ScopeEvaluator(ProvisioningScope.AssignedOnly, entitlements, []).Evaluate(User("u1"), NoGroups);

        Assert.False(decision.InScope);
        Assert.Contains("not effectively entitled", decision.Reason, StringComparison.Ordinal);
        Assert.Equal("True", decision.Details["Assigned"]);
    }

    [Fact]
    public void Evaluate_IsInScope_WhenMemberOfGroupAssignedWithValidRole()
    {
        var entitlements = Entitle([new("g1", PrincipalType.Group, UserRole, "Sales")], members: new() { ["g1"] = ["u1", "u2"] });

        var evaluator = new ScopeEvaluator(ProvisioningScope.AssignedOnly, entitlements, []);

        Assert.True(evaluator.Evaluate(User("u2"), NoGroups).InScope);
        Assert.False(evaluator.Evaluate(User("u3"), NoGroups).InScope);
        Assert.Equal(["User"], entitlements.RolesOf("u2"));
    }

    [Fact]
    public void Evaluate_RequiresTheApplicationsRoles_WhenRequiredRoleValuesAreSet()
    {
        var entitlements = Entitle([new("u1", PrincipalType.User, UserRole, null), new("u2", PrincipalType.User, AdminRole, null)], required: ["Admin"]);

        var evaluator = new ScopeEvaluator(ProvisioningScope.AssignedOnly, entitlements, []);

        Assert.False(evaluator.Evaluate(User("u1"), NoGroups).InScope);
        Assert.True(evaluator.Evaluate(User("u2"), NoGroups).InScope);
    }

    [Fact]
    public void Evaluate_LeavesAReleasedObjectAlone_InScopeOrNot_AndSaysWhoReleasedIt()
    {
        var entitlements = Entitle([new("u1", PrincipalType.User, UserRole, null)]);
        var released = new Dictionary<string, ReleasedObject>(StringComparer.OrdinalIgnoreCase)
        {
            ["U1"] = new() { Kind = ObjectKind.User, SourceId = "U1", ReleasedAt = new DateTimeOffset(2026, 12, 1, 9, 0, 0, TimeSpan.Zero), ReleasedBy = "Adele Admin" },
            ["u2"] = new() { Kind = ObjectKind.User, SourceId = "u2", ReleasedAt = DateTimeOffset.UnixEpoch },
        };
        var evaluator = new ScopeEvaluator(ProvisioningScope.AssignedOnly, entitlements, [], released);

        var assigned = evaluator.Evaluate(User("u1"), NoGroups);
        var unassigned = evaluator.Evaluate(User("u2"), NoGroups);

        Assert.Equal((false, true, true), (assigned.InScope, assigned.InputFiltered, assigned.Released));
        Assert.Equal("No longer managed: Adele Admin stopped managing it on 2026-12-01; it is neither provisioned nor deprovisioned.", assigned.Reason);
        Assert.Equal((true, true), (unassigned.InputFiltered, unassigned.Released));
        Assert.False(evaluator.Evaluate(User("u3"), NoGroups).Released);
    }

    [Fact]
    public void Evaluate_IsOutOfScope_WhenDisabledOrSoftDeleted()
    {
        var entitlements = Entitle([new("u1", PrincipalType.User, UserRole, null)]);
        var evaluator = new ScopeEvaluator(ProvisioningScope.AssignedOnly, entitlements, []);

        Assert.False(evaluator.Evaluate(User("u1", ("accountEnabled", false)), NoGroups).InScope);
        Assert.False(evaluator.Evaluate(User("u1") with { Change = SourceChange.SoftDeleted }, NoGroups).InScope);
    }

    [Fact]
    public void Evaluate_IncludesUnassignedUsers_WhenScopeIsAll()
    {
        var decision = new ScopeEvaluator(ProvisioningScope.All, Entitle([]), []).Evaluate(User("u9"), NoGroups);

        Assert.True(decision.InScope);
    }

    [Fact]
    public void Evaluate_FiltersWithoutDeprovisioning_WhenInputFilterFails()
    {
        var filters = new List<ScopingFilter>
        {
            new() { Name = "only contoso", Kind = ScopingFilterKind.InputFilter, Clauses = [new() { SourceAttribute = "mail", Operator = "ENDS_WITH", Value = "@contoso.com" }] },
            new() { Name = "sales", Clauses = [new() { SourceAttribute = "department", Operator = "EQUALS", Value = "Sales" }] },
        };
        var evaluator = new ScopeEvaluator(ProvisioningScope.All, Entitle([]), filters);

        var filtered = evaluator.Evaluate(User("u1", ("mail", "a@fabrikam.com"), ("department", "Sales")), NoGroups);
        var outOfScope = evaluator.Evaluate(User("u1", ("mail", "a@contoso.com"), ("department", "HR")), NoGroups);

        Assert.True(filtered.InputFiltered);
        Assert.False(outOfScope.InputFiltered);
        Assert.False(outOfScope.InScope);
    }

    private static Entitlements Entitle(AppRoleAssignment[] assignments, string[]? required = null, Dictionary<string, string[]>? members = null) =>
        Entitlements.From(assignments, Roles, required ?? [], g => members?.GetValueOrDefault(g) ?? []);

    private static SourceObject User(string id, params (string Name, object? Value)[] attributes) =>
        new(ObjectKind.User, id, SourceChange.Present, attributes.ToDictionary(a => a.Name, a => a.Value, StringComparer.OrdinalIgnoreCase));
}
