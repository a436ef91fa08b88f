using System.Globalization;
using Portal.Provisioning.Expressions.Syntax;

namespace Portal.Provisioning.Expressions.Functions;

/// <summary>
/// One invocation of a function: arguments are evaluated on demand, so IIF/Switch/Coalesce only evaluate what they
/// use, and errors point at the argument that caused them.
/// </summary>
internal readonly struct Call(CallNode node, Evaluation evaluation)
{
    public Evaluation Evaluation => evaluation;

    public CallNode Node => node;

    public int Count => node.Arguments.Length;

    public bool Has(int index) => index < node.Arguments.Length && node.Arguments[index] is not null;

    public Value Arg(int index) => Has(index) ? node.Arguments[index]!.Evaluate(evaluation) : Value.Null;

    /// <summary>A single-valued argument as text, null when absent; a list is an error.</summary>
    public string? Text(int index)
    {
        var value = Arg(index);
        if (value.IsMulti)
        {
            throw Error(index, "must be a single value, but got a list of " + value.Count.ToString(CultureInfo.InvariantCulture));
        }

        return value.IsNull ? null : value.Text;
    }

    public long Integer(int index, long whenOmitted)
    {
        if (!Has(index))
        {
            return whenOmitted;
        }

        var text = Text(index);
        if (text is null)
        {
            throw Error(index, "must be a whole number, but has no value");
        }

        return long.TryParse(text.Trim(), NumberStyles.Integer, CultureInfo.InvariantCulture, out var number)
            ? number
            : throw Error(index, $"must be a whole number, but got \"{text}\"");
    }

    public int Int32(int index, int whenOmitted)
    {
        var number = Integer(index, whenOmitted);
        return number is >= int.MinValue and <= int.MaxValue ? (int)number : throw Error(index, "is out of range");
    }

    /// <summary>Applies <paramref name="map"/> to a single value, or to each element of a list; null in, null out.</summary>
    public Value Map<TState>(int index, TState state, Func<string, TState, Call, string?> map)
    {
        var value = Arg(index);
        switch (value.Kind)
        {
            case ValueKind.Single:
                evaluation.Step(Position(index), 1 + (value.Text!.Length >> 8));
                return Value.Of(map(value.Text!, state, this));
            case ValueKind.Multi:
                var results = new List<string>(value.Count);
                foreach (var item in value.Items!)
                {
                    evaluation.Step(Position(index), 1 + (item.Length >> 8));
                    if (map(item, state, this) is { } mapped)
                    {
                        results.Add(mapped);
                    }
                }

                return Value.Of(results);
            default:
                return Value.Null;
        }
    }

    public int Position(int index) => index < node.Arguments.Length ? node.Arguments[index]?.Position ?? node.Position : node.Position;

    public LiteralNode? Literal(int index) => Has(index) ? node.Arguments[index] as LiteralNode : null;

    public ExpressionException Error(string message) => new($"{node.Function.Name}: {message}", node.Position);

    public ExpressionException Error(int index, string message) =>
        new($"{node.Function.Name}: {node.Function.ParameterName(index)} {message}", Position(index));
}
