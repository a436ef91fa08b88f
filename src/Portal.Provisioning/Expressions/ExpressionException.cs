namespace Portal.Provisioning.Expressions;

/// <summary>
/// The only exception the expression language throws, for parse and evaluation errors alike.
/// <see cref="Position"/> is 1-based (the first character of the expression is position 1) and points at the
/// token or function call that failed; the message says what was expected there.
/// </summary>
public sealed class ExpressionException : Exception
{
    public ExpressionException(string message, int position)
        : base(message)
    {
        Position = position;
    }

    public ExpressionException(string message, int position, Exception innerException)
        : base(message, innerException)
    {
        Position = position;
    }

    /// <summary>1-based character position in the expression text.</summary>
    public int Position { get; }

    /// <summary>The message with its position, as the CLI and the mapping editor show it: <c>message (position N)</c>.</summary>
    public string MessageWithPosition => $"{Message} (position {Position})";
}
