using Portal.Provisioning.Expressions.Syntax;

namespace Portal.Provisioning.Expressions.Functions;

internal delegate Value FunctionBody(Call call);

/// <summary>
/// One function of the language: its name (case-sensitive, as in Entra), parameter names for messages, how many
/// arguments it takes and its body. <see cref="Check"/> runs at parse time for rules beyond the argument count.
/// </summary>
internal sealed record FunctionDefinition(string Name, string[] Parameters, int MinArguments, int MaxArguments, FunctionBody Body)
{
    public const int Unbounded = int.MaxValue;

    public Action<CallNode, ParseSite>? Check { get; init; }

    public string Usage => MaxArguments == Unbounded
        ? $"{Name}({string.Join(", ", Parameters)}, ...)"
        : $"{Name}({string.Join(", ", Parameters)})";

    public string ParameterName(int index) =>
        index < Parameters.Length ? Parameters[index] : Parameters.Length > 0 ? Parameters[^1] : "argument";
}

/// <summary>Where a call sits in the tree, for placement rules such as "SelectUniqueValue must be top-level".</summary>
internal readonly record struct ParseSite(bool IsTopLevel, ExpressionOptions Options);
