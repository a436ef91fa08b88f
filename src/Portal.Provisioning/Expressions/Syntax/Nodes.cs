using System.Globalization;
using System.Text.RegularExpressions;
using Portal.Provisioning.Expressions.Functions;

namespace Portal.Provisioning.Expressions.Syntax;

/// <summary>A node of the parsed expression; immutable after parsing, so a compiled expression is thread-safe.</summary>
internal abstract class Node(int position)
{
    public int Position { get; } = position;

    public abstract Value Evaluate(Evaluation evaluation);
}

internal sealed class LiteralNode(int position, string text) : Node(position)
{
    private readonly Value _value = new(text);
    private Regex? _regex;

    public string Text { get; } = text;

    public override Value Evaluate(Evaluation evaluation)
    {
        evaluation.Step(Position);
        return _value;
    }

    /// <summary>A regex pattern written as a constant is compiled once per compiled expression, not per user.</summary>
    public Regex GetRegex(TimeSpan timeout) => _regex ??= RegexCache.Create(Text, timeout, Position);
}

internal sealed class AttributeNode(int position, string name) : Node(position)
{
    public const string AppRoleAssignments = "appRoleAssignments";

    public string Name { get; } = name;

    public override Value Evaluate(Evaluation evaluation)
    {
        evaluation.Step(Position);
        var input = evaluation.Input;
        if (!input.Attributes.TryGetValue(Name, out var raw))
        {
            if (string.Equals(Name, AppRoleAssignments, StringComparison.OrdinalIgnoreCase))
            {
                return Value.Of(input.Roles.Select(r => r.Value ?? r.DisplayName).ToList());
            }

            return Value.Null;
        }

        return raw switch
        {
            null => Value.Null,
            string s => new Value(s),
            bool b => Value.Of(b),
            IReadOnlyList<string> list => Value.Of(list.Contains(null!) ? list.Where(v => v is not null).ToList() : list),
            IEnumerable<string> items => Value.Of(items.Where(v => v is not null).ToList()),
            IFormattable f => new Value(f.ToString(null, CultureInfo.InvariantCulture)),
            _ => new Value(raw.ToString() ?? ""),
        };
    }
}

internal sealed class FlowNode(int position, ValueKind kind) : Node(position)
{
    public override Value Evaluate(Evaluation evaluation) => Value.Flow(kind);
}

internal sealed class ComparisonNode(int position, Node left, string op, Node right) : Node(position)
{
    public Node Left => left;

    public Node Right => right;

    public override Value Evaluate(Evaluation evaluation)
    {
        evaluation.Step(Position);
        var l = left.Evaluate(evaluation);
        var r = right.Evaluate(evaluation);

        // Entra: "if the source attribute in the condition is null or empty, the condition check fails" —
        // we make a failed check false, so IIF takes its false branch instead of erroring for that user.
        if (l.IsNull || r.IsNull)
        {
            return Value.False;
        }

        if (l.IsMulti || r.IsMulti)
        {
            throw new ExpressionException($"'{op}' compares single values, but one side is a multi-valued attribute", Position);
        }

        var comparison = Compare(l.Text!, r.Text!);
        return Value.Of(op switch
        {
            "=" => comparison == 0,
            "<>" => comparison != 0,
            "<" => comparison < 0,
            "<=" => comparison <= 0,
            ">" => comparison > 0,
            _ => comparison >= 0,
        });
    }

    // Numbers compare as numbers ("10" > "9"); everything else ordinally and case-sensitively, like Switch.
    private static int Compare(string a, string b) =>
        decimal.TryParse(a, NumberStyles.Number, CultureInfo.InvariantCulture, out var x)
        && decimal.TryParse(b, NumberStyles.Number, CultureInfo.InvariantCulture, out var y)
            ? x.CompareTo(y)
            : string.CompareOrdinal(a, b);
}

internal sealed class CallNode(int position, FunctionDefinition function, Node?[] arguments) : Node(position)
{
    public FunctionDefinition Function { get; } = function;

    /// <summary>Arguments in order; null marks an omitted optional argument (nothing between two commas).</summary>
    public Node?[] Arguments { get; } = arguments;

    public override Value Evaluate(Evaluation evaluation)
    {
        evaluation.Step(Position);
        return Function.Body(new Call(this, evaluation));
    }
}
