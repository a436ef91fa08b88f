using Portal.Provisioning.Expressions.Functions;
using Portal.Provisioning.Expressions.Syntax;

namespace Portal.Provisioning.Expressions;

/// <summary>
/// A parsed, checked expression. Immutable and thread-safe: compile a mapping once and evaluate it for every
/// object, from any number of threads.
/// </summary>
public sealed class CompiledExpression
{
    private readonly Node _root;
    private readonly ExpressionOptions _options;

    internal CompiledExpression(string text, Node root, ExpressionOptions options)
    {
        Text = text;
        _root = root;
        _options = options;
        Attributes = Collect(root);
        TopLevelFunction = (root as CallNode)?.Function.Name;
    }

    /// <summary>The expression as written.</summary>
    public string Text { get; }

    /// <summary>
    /// Source attributes the expression reads (as written, without brackets), so the engine can ask the directory
    /// for exactly these. Includes <c>appRoleAssignments</c> when a role function is used.
    /// </summary>
    public IReadOnlyCollection<string> Attributes { get; }

    /// <summary>
    /// The outermost function, e.g. <c>AssertiveAppRoleAssignmentsComplex</c> (roles are replaced rather than added)
    /// or <c>SelectUniqueValue</c>; null for a bare attribute or constant.
    /// </summary>
    public string? TopLevelFunction { get; }

    /// <summary>
    /// True when the outermost function is SelectUniqueValue, whose value depends on what the target already holds
    /// (<see cref="UniqueValueCandidates"/>).
    /// </summary>
    public bool SelectsUniqueValue => TopLevelFunction == LogicFunctions.UniqueValueFunction;

    /// <summary>
    /// Evaluates the expression for one object.
    /// </summary>
    /// <exception cref="ExpressionException">A runtime error (e.g. an unparseable date, DefaultDomain without a
    /// domain, the step budget exhausted), with the position of the failing call.</exception>
    public ExpressionValue Evaluate(ExpressionInput input)
    {
        ArgumentNullException.ThrowIfNull(input);
        return _root.Evaluate(new Evaluation(input, _options)).ToResult();
    }

    /// <summary>
    /// SelectUniqueValue's rules' values in order, rules without a value left out, so that a caller which asks the target
    /// itself (asynchronously, and once per candidate) can choose the first one not taken; null when the expression is
    /// not a SelectUniqueValue.
    /// </summary>
    /// <exception cref="ExpressionException">A rule failed to evaluate.</exception>
    public IReadOnlyList<string>? UniqueValueCandidates(ExpressionInput input)
    {
        ArgumentNullException.ThrowIfNull(input);
        if (!SelectsUniqueValue)
        {
            return null;
        }

        var call = (CallNode)_root;
        var evaluation = new Evaluation(input, _options);
        evaluation.Step(call.Position);
        return [.. LogicFunctions.Candidates(new Call(call, evaluation))];
    }

    private static string[] Collect(Node root)
    {
        var names = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        var pending = new Stack<Node>([root]);
        while (pending.TryPop(out var node))
        {
            switch (node)
            {
                case AttributeNode attribute:
                    names.Add(attribute.Name);
                    break;
                case CallNode call:
                    foreach (var argument in call.Arguments)
                    {
                        if (argument is not null)
                        {
                            pending.Push(argument);
                        }
                    }

                    break;
                case ComparisonNode comparison:
                    pending.Push(comparison.Left);
                    pending.Push(comparison.Right);
                    break;
            }
        }

        return [.. names.Order(StringComparer.OrdinalIgnoreCase)];
    }
}
