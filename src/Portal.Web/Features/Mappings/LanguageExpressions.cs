using Portal.Provisioning.Expressions;

namespace Portal.Web.Features.Mappings;

/// <summary>The mapping editor's checks and live tester on the portal's expression language, the one cycles run.</summary>
internal sealed class LanguageExpressions(ExpressionCompiler compiler) : IMappingExpressions
{
    public ExpressionCheck Check(string expression)
    {
        if (string.IsNullOrWhiteSpace(expression))
        {
            return new ExpressionCheck(false, 1, "The expression is empty (position 1).");
        }

        return compiler.Validate(expression) is { } error
            ? new ExpressionCheck(false, error.Position, error.MessageWithPosition)
            : ExpressionCheck.Valid;
    }

    public IReadOnlyCollection<string> AttributesOf(string expression) =>
        compiler.Validate(expression) is null ? compiler.Compile(expression).Attributes : [];

    public bool SelectsUniqueValue(string expression) => compiler.Validate(expression) is null && compiler.Compile(expression).SelectsUniqueValue;

    public ExpressionTestResult Evaluate(string expression, IReadOnlyDictionary<string, object?> attributes)
    {
        try
        {
            var input = new ExpressionInput(new Dictionary<string, object?>(attributes, StringComparer.OrdinalIgnoreCase));
            if (compiler.Compile(expression).UniqueValueCandidates(input) is { } candidates)
            {
                return new ExpressionTestResult(true, candidates.FirstOrDefault(), null) { Candidates = candidates };
            }

            var value = compiler.Evaluate(expression, input);
            return new ExpressionTestResult(true, value.Kind == ExpressionValueKind.None ? null : value.IsRedacted ? "[Redact]" : value.ToString(), null);
        }
        catch (ExpressionException e)
        {
            return new ExpressionTestResult(false, null, e.MessageWithPosition);
        }
    }
}
