using System.Diagnostics.CodeAnalysis;

namespace Portal.Provisioning.Expressions.Functions;

/// <summary>Every function of the language by its case-sensitive name.</summary>
internal static class FunctionLibrary
{
    private static readonly Dictionary<string, FunctionDefinition> Functions = TextFunctions.Definitions
        .Concat(ListFunctions.Definitions)
        .Concat(LogicFunctions.Definitions)
        .Concat(DateFunctions.Definitions)
        .Concat(ReplaceFunction.Definitions)
        .Concat(GeneratedValueFunctions.Definitions)
        .Concat(DirectoryFunctions.Definitions)
        .ToDictionary(f => f.Name, StringComparer.Ordinal);

    public static IEnumerable<FunctionDefinition> All => Functions.Values;

    public static bool TryGet(string name, [NotNullWhen(true)] out FunctionDefinition? function) =>
        Functions.TryGetValue(name, out function);

    public static string? FindIgnoringCase(string name) =>
        Functions.Keys.FirstOrDefault(k => string.Equals(k, name, StringComparison.OrdinalIgnoreCase));

    /// <summary>Shorthand for the definition tables: parameters as one comma-separated string.</summary>
    public static FunctionDefinition Define(string name, string parameters, int min, int max, FunctionBody body) =>
        new(name, parameters.Length == 0 ? [] : parameters.Split(", "), min, max, body);
}
