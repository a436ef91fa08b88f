namespace Portal.Web.Features.Mappings;

/// <summary>The scoping-filter operators as Entra spells them (reference §1.5), and which take no value.</summary>
public static class ScopingOperators
{
    public static IReadOnlyList<string> All { get; } =
    [
        "EQUALS", "NOT EQUALS", "IS TRUE", "IS FALSE", "IS NULL", "IS NOT NULL", "REGEX MATCH", "NOT REGEX MATCH",
        "Includes", "ENDS_WITH", "&", "!&", "Greater_Than", "Greater_Than_OR_EQUALS",
    ];

    public static bool TakesValue(string op) => op is not ("IS TRUE" or "IS FALSE" or "IS NULL" or "IS NOT NULL");
}
