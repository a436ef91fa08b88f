namespace Portal.Provisioning.Expressions.Syntax;

internal enum TokenKind
{
    Identifier,
    String,
    Number,
    Attribute,
    OpenParen,
    CloseParen,
    Comma,
    Operator,
    End,
}

/// <summary>A token; <c>Position</c> is the 1-based position of its first character.</summary>
internal readonly record struct Token(TokenKind Kind, string Text, int Position)
{
    public string Describe() => Kind switch
    {
        TokenKind.End => "the end of the expression",
        TokenKind.String => $"the string \"{Text}\"",
        TokenKind.Attribute => $"[{Text}]",
        _ => $"'{Text}'",
    };
}
