namespace Portal.Web.Features.Mappings;

/// <summary>
/// Compiles and evaluates mapping expressions for the editor and the live tester. The expression work provides the
/// real implementation; <see cref="StructuralExpressionCheck"/> stands in until it is registered.
/// </summary>
public interface IMappingExpressions
{
    /// <summary>Syntax check; on error the zero-based position of the offending character.</summary>
    ExpressionCheck Check(string expression);

    /// <summary>The value the mapping produces for one source object's attributes.</summary>
    ExpressionTestResult Evaluate(string expression, IReadOnlyDictionary<string, object?> attributes);

    /// <summary>True when <see cref="Evaluate"/> runs the full function library (false for the stand-in).</summary>
    bool CanEvaluate { get; }
}

public sealed record ExpressionCheck(bool IsValid, int? Position, string? Message)
{
    public static ExpressionCheck Valid { get; } = new(true, null, null);
}

public sealed record ExpressionTestResult(bool Succeeded, string? Value, string? Error);
