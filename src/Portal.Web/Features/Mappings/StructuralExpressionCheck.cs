namespace Portal.Web.Features.Mappings;

/// <summary>
/// SEAM: until the expression engine is registered, checks only what any expression must satisfy (balanced
/// parentheses and brackets, closed string literals) and evaluates a bare <c>[attribute]</c> reference.
/// </summary>
internal sealed class StructuralExpressionCheck : IMappingExpressions
{
    public bool CanEvaluate => false;

    public ExpressionCheck Check(string expression)
    {
        var open = new Stack<(char Char, int Position)>();
        for (var i = 0; i < expression.Length; i++)
        {
            var c = expression[i];
            if (c == '"')
            {
                var end = expression.IndexOf('"', i + 1);
                if (end < 0)
                {
                    return new ExpressionCheck(false, i, $"The string starting at position {i} is not closed with \".");
                }

                i = end;
                continue;
            }

            if (c is '(' or '[')
            {
                open.Push((c, i));
            }
            else if (c is ')' or ']')
            {
                var expected = c == ')' ? '(' : '[';
                if (open.Count == 0 || open.Peek().Char != expected)
                {
                    return new ExpressionCheck(false, i, $"Unexpected '{c}' at position {i}.");
                }

                open.Pop();
            }
        }

        if (open.Count > 0)
        {
            var (ch, at) = open.Peek();
            return new ExpressionCheck(false, at, $"'{ch}' at position {at} is never closed.");
        }

        return expression.Trim().Length == 0 ? new ExpressionCheck(false, 0, "The expression is empty.") : ExpressionCheck.Valid;
    }

    public ExpressionTestResult Evaluate(string expression, IReadOnlyDictionary<string, object?> attributes)
    {
        var trimmed = expression.Trim();
        if (trimmed.Length > 2 && trimmed[0] == '[' && trimmed[^1] == ']' && trimmed.IndexOf('[', 1) < 0)
        {
            var name = trimmed[1..^1];
            var value = attributes.FirstOrDefault(a => string.Equals(a.Key, name, StringComparison.OrdinalIgnoreCase)).Value;
            return new ExpressionTestResult(true, MappingValues.Format(value), null);
        }

        return new ExpressionTestResult(false, null, "The expression engine is not installed in this portal yet; only [attribute] references can be tested.");
    }
}
