using System.Globalization;
using Portal.Provisioning.Expressions.Syntax;
using static Portal.Provisioning.Expressions.Functions.FunctionLibrary;

namespace Portal.Provisioning.Expressions.Functions;

/// <summary>Conditions, tests and flow control. Booleans are the strings "True" and "False".</summary>
internal static class LogicFunctions
{
    public static IEnumerable<FunctionDefinition> Definitions =>
    [
        Define("IIF", "condition, valueIfTrue, valueIfFalse", 3, 3,
            call => IsTrue(call, 0) ? call.Arg(1) : call.Arg(2)) with { Check = CheckIifCondition },
        Define("Switch", "source, defaultValue, key, value", 4, FunctionDefinition.Unbounded, Switch) with { Check = CheckSwitchPairs },
        Define("Coalesce", "source", 1, FunctionDefinition.Unbounded, Coalesce),
        Define("CBool", "Expression", 1, 1, call => Value.Of(IsTrue(call, 0))),
        Define("Not", "source", 1, 1, call => Value.Of(!string.Equals(call.Text(0), "True", StringComparison.OrdinalIgnoreCase))),
        Define("IsNull", "Expression", 1, 1, call => Value.Of(call.Arg(0).IsNull)),
        Define("IsNullOrEmpty", "Expression", 1, 1, call => Value.Of(call.Arg(0).IsNullOrEmpty)),
        Define("IsPresent", "Expression", 1, 1, call => Value.Of(!call.Arg(0).IsNullOrEmpty)),
        Define("IsString", "Expression", 1, 1, call => Value.Of(call.Arg(0).Kind == ValueKind.Single)),
        Define("IgnoreFlowIfNullOrEmpty", "expression", 1, 1, IgnoreFlowIfNullOrEmpty),
        Define("Redact", "value", 1, 1, call => call.Arg(0).AsRedacted()),
        Define("BitAnd", "value1, value2", 2, 2, BitAnd),
        Define(UniqueValueFunction, "rule1, rule2", 2, FunctionDefinition.Unbounded, SelectUniqueValue) with { Check = CheckTopLevel },
    ];

    /// <summary>
    /// "True"/"False" (any case) or a number (non-zero is true, as CBool documents); no value is false.
    /// Anything else is an error rather than a guess.
    /// </summary>
    private static bool IsTrue(Call call, int index)
    {
        var text = call.Text(index);
        if (text is null)
        {
            return false;
        }

        if (bool.TryParse(text, out var flag))
        {
            return flag;
        }

        return decimal.TryParse(text, NumberStyles.Number, CultureInfo.InvariantCulture, out var number)
            ? number != 0
            : throw call.Error(index, $"must be True, False, a number or a comparison such as [country] = \"US\", but got \"{text}\"");
    }

    // Source and keys compare case-sensitively; a null source matches the key "" — Microsoft's recommended
    // Switch([country], [country], "", "Other") relies on that.
    private static Value Switch(Call call)
    {
        var source = call.Text(0) ?? "";
        for (var i = 2; i + 1 < call.Count; i += 2)
        {
            if (string.Equals(source, call.Text(i) ?? "", StringComparison.Ordinal))
            {
                return call.Arg(i + 1);
            }
        }

        return call.Arg(1);
    }

    // "" is a value; the last argument is the default and is returned as is (it may be IgnoreAttributeFlow).
    private static Value Coalesce(Call call)
    {
        for (var i = 0; i < call.Count - 1; i++)
        {
            var value = call.Arg(i);
            if (!value.IsNull)
            {
                return value;
            }
        }

        return call.Arg(call.Count - 1);
    }

    private static Value IgnoreFlowIfNullOrEmpty(Call call)
    {
        var value = call.Arg(0);
        return value.Kind == ValueKind.IgnoreObject ? value
            : value.IsNullOrEmpty ? Value.Flow(ValueKind.IgnoreAttribute)
            : value;
    }

    private static Value BitAnd(Call call)
    {
        var left = call.Text(0);
        var right = call.Text(1);
        if (left is null || right is null)
        {
            return Value.Null;
        }

        return new Value((Number(call, 0, left) & Number(call, 1, right)).ToString(CultureInfo.InvariantCulture));
    }

    private static long Number(Call call, int index, string text) =>
        long.TryParse(text.Trim(), NumberStyles.Integer, CultureInfo.InvariantCulture, out var number)
            ? number
            : throw call.Error(index, $"must be a whole number, but got \"{text}\"");

    public const string UniqueValueFunction = "SelectUniqueValue";

    // The first candidate with a value that the target does not hold yet. When all are taken the object cannot be
    // created; the error makes the engine escrow it, as Entra does.
    private static Value SelectUniqueValue(Call call)
    {
        var isTaken = call.Evaluation.Input.IsValueTaken;
        foreach (var candidate in Candidates(call))
        {
            if (isTaken?.Invoke(candidate) != true)
            {
                return new Value(candidate);
            }
        }

        throw call.Error($"every candidate value already exists in the target (or has no value); none of the {call.Count} rules gave a unique value");
    }

    /// <summary>SelectUniqueValue's rules' values in order, evaluated one at a time as asked for; rules without a value left out.</summary>
    internal static IEnumerable<string> Candidates(Call call)
    {
        for (var i = 0; i < call.Count; i++)
        {
            if (call.Text(i) is { Length: > 0 } candidate)
            {
                yield return candidate;
            }
        }
    }

    private static void CheckIifCondition(CallNode call, ParseSite site)
    {
        if (call.Arguments[0] is CallNode { Function.Name: "IgnoreFlowIfNullOrEmpty" } inner)
        {
            throw new ExpressionException("IgnoreFlowIfNullOrEmpty cannot be the condition of IIF: wrap the whole IIF in it instead", inner.Position);
        }
    }

    private static void CheckSwitchPairs(CallNode call, ParseSite site)
    {
        if (call.Arguments.Length % 2 != 0)
        {
            throw new ExpressionException(
                $"Wrong number of arguments: Switch takes source, defaultValue and then key/value pairs, but the last key ({call.Arguments.Length - 2} arguments after the default) has no value",
                call.Position);
        }
    }

    private static void CheckTopLevel(CallNode call, ParseSite site)
    {
        if (!site.IsTopLevel)
        {
            throw new ExpressionException($"{call.Function.Name} must be the outermost function of the expression, not nested in another", call.Position);
        }
    }
}
