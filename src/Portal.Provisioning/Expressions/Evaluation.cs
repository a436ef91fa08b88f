namespace Portal.Provisioning.Expressions;

/// <summary>State of one evaluation: the input, the options and the remaining step budget.</summary>
internal sealed class Evaluation(ExpressionInput input, ExpressionOptions options)
{
    private int _steps;

    public ExpressionInput Input { get; } = input;

    public ExpressionOptions Options { get; } = options;

    /// <summary>Charges work against the budget; large lists and strings cost in proportion to their size.</summary>
    public void Step(int position, int cost = 1)
    {
        _steps += cost;
        if (_steps > Options.StepBudget)
        {
            throw new ExpressionException($"Evaluation exceeded its budget of {Options.StepBudget} steps; simplify the expression", position);
        }
    }
}
