using System.Globalization;
using static Portal.Provisioning.Expressions.Functions.FunctionLibrary;

namespace Portal.Provisioning.Expressions.Functions;

/// <summary>Functions over multi-valued attributes; a single value counts as a list of one.</summary>
internal static class ListFunctions
{
    public static IEnumerable<FunctionDefinition> Definitions =>
    [
        Define("Count", "attribute", 1, 1, call => new Value(call.Arg(0).Count.ToString(CultureInfo.InvariantCulture))),
        Define("Item", "attribute, index", 2, 2, Item),
        Define("Join", "separator, source", 2, FunctionDefinition.Unbounded, Join),
        Define("RemoveDuplicates", "attribute", 1, 1, RemoveDuplicates),
        Define("Split", "source, delimiter", 2, 2, Split),
    ];

    private static Value Item(Call call)
    {
        var index = call.Integer(1, 1);
        if (index < 1)
        {
            throw call.Error(1, "is 1-based and must be at least 1");
        }

        var items = call.Arg(0).AsList();
        return index <= items.Count ? new Value(items[(int)index - 1]) : Value.Null;
    }

    // Empty strings are skipped, as Microsoft's Join example implies (no doubled separator for an empty source);
    // a list contributes every value. No source with a value at all gives no value.
    private static Value Join(Call call)
    {
        var separator = call.Text(0) ?? "";
        var parts = new List<string>();
        var anyValue = false;
        for (var i = 1; i < call.Count; i++)
        {
            var value = call.Arg(i);
            anyValue |= !value.IsNull;
            call.Evaluation.Step(call.Position(i), value.Count);
            foreach (var part in value.AsList())
            {
                if (part.Length > 0)
                {
                    parts.Add(part);
                }
            }
        }

        return anyValue ? new Value(string.Join(separator, parts)) : Value.Null;
    }

    private static Value RemoveDuplicates(Call call)
    {
        var value = call.Arg(0);
        if (!value.IsMulti)
        {
            return value.IsNull ? Value.Null : value;
        }

        call.Evaluation.Step(call.Node.Position, value.Count);
        var seen = new HashSet<string>(StringComparer.Ordinal);
        return Value.Of(value.Items!.Where(seen.Add).ToList());
    }

    // No trimming: "a, b" split on "," gives "a" and " b", as .NET does; split on ", " to drop the space.
    private static Value Split(Call call)
    {
        var delimiter = call.Text(1);
        if (string.IsNullOrEmpty(delimiter))
        {
            throw call.Error(1, "must be a non-empty string");
        }

        var source = call.Arg(0);
        if (source.IsNull)
        {
            return Value.Null;
        }

        var parts = new List<string>();
        foreach (var item in source.AsList())
        {
            call.Evaluation.Step(call.Position(0), 1 + (item.Length >> 8));
            parts.AddRange(item.Split(delimiter));
        }

        return Value.Of(parts);
    }
}
