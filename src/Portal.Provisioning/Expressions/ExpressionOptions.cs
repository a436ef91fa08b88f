namespace Portal.Provisioning.Expressions;

/// <summary>
/// Sources of time and randomness and the resource limits of evaluation. Defaults: the system clock, a
/// cryptographically strong random source (RandomString makes passwords), 200 ms per regex match, 100,000 steps.
/// </summary>
public sealed record ExpressionOptions
{
    /// <summary>Clock for <c>Now()</c>; always read as UTC.</summary>
    public TimeProvider TimeProvider { get; init; } = TimeProvider.System;

    /// <summary>Randomness for <c>Guid()</c> and <c>RandomString()</c>. Must be thread-safe if the compiler is shared.</summary>
    public Random Random { get; init; } = StrongRandom.Instance;

    /// <summary>Timeout of one regex operation in <c>Replace</c>.</summary>
    public TimeSpan RegexTimeout { get; init; } = TimeSpan.FromMilliseconds(200);

    /// <summary>
    /// Work budget of one evaluation: every node evaluated and every list element or character block processed
    /// costs a step, so no input can make one evaluation run away.
    /// </summary>
    public int StepBudget { get; init; } = 100_000;

    /// <summary>Maximum length of one expression (Entra's limit).</summary>
    public int MaxLength { get; init; } = 10_000;
}
