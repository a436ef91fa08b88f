using Portal.Provisioning.Scope;

namespace Portal.Web.Features.Mappings;

/// <summary>The scoping-filter operators as Entra spells them (reference §1.5), and what each takes.</summary>
public static class ScopingOperators
{
    /// <summary>Every operator the engine evaluates: Entra's, then the Less_Than variants and the group-membership pair.</summary>
    public static IReadOnlyList<string> All => ScopingFilterEvaluator.Operators;

    public static bool TakesValue(string op) => op is not ("IS TRUE" or "IS FALSE" or "IS NULL" or "IS NOT NULL");

    /// <summary>A membership clause names a group by its value; it reads no attribute of the object.</summary>
    public static bool TakesAttribute(string op) => !ScopingFilterEvaluator.IsMembership(op);

    public static bool ComparesIntegers(string op) => op is "Greater_Than" or "Greater_Than_OR_EQUALS" or "Less_Than" or "Less_Than_OR_EQUALS";
}
