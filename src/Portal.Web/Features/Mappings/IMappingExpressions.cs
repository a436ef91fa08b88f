namespace Portal.Web.Features.Mappings;

/// <summary>Compiles and evaluates mapping expressions for the editor and the live tester.</summary>
public interface IMappingExpressions
{
    /// <summary>Syntax check; on error the 1-based position of the offending token, as the language reports it.</summary>
    ExpressionCheck Check(string expression);

    /// <summary>The source attributes the expression names; none when it does not parse.</summary>
    IReadOnlyCollection<string> AttributesOf(string expression);

    /// <summary>True when the expression's outermost function is SelectUniqueValue (chosen at creation against the target).</summary>
    bool SelectsUniqueValue(string expression);

    /// <summary>The value the mapping produces for one source object's attributes.</summary>
    ExpressionTestResult Evaluate(string expression, IReadOnlyDictionary<string, object?> attributes);
}

public sealed record ExpressionCheck(bool IsValid, int? Position, string? Message)
{
    public static ExpressionCheck Valid { get; } = new(true, null, null);
}

/// <remarks>Candidates: a SelectUniqueValue's rules' values in order; a cycle sends the first one the target does not hold.</remarks>
public sealed record ExpressionTestResult(bool Succeeded, string? Value, string? Error)
{
    public IReadOnlyList<string>? Candidates { get; init; }
}
