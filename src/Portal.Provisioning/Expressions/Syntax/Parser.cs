using Portal.Provisioning.Expressions.Functions;

namespace Portal.Provisioning.Expressions.Syntax;

/// <summary>
/// Recursive-descent parser: <c>expression := operand [("=" | "&lt;&gt;" | "&lt;" | "&lt;=" | "&gt;" | "&gt;=") operand]</c>,
/// <c>operand := "string" | number | [attribute] | keyword | Name "(" [argument] {"," [argument]} ")"</c>,
/// where an empty argument is an omitted optional parameter.
/// </summary>
internal sealed class Parser
{
    private const int MaxDepth = 64;

    private static readonly Dictionary<string, Func<int, Node>> Keywords = new(StringComparer.Ordinal)
    {
        ["IgnoreAttributeFlow"] = p => new FlowNode(p, ValueKind.IgnoreAttribute),
        ["IgnoreObjectFlow"] = p => new FlowNode(p, ValueKind.IgnoreObject),
        ["vbBinaryCompare"] = p => new LiteralNode(p, "vbBinaryCompare"),
        ["vbTextCompare"] = p => new LiteralNode(p, "vbTextCompare"),
        ["True"] = p => new LiteralNode(p, "True"),
        ["False"] = p => new LiteralNode(p, "False"),
    };

    private readonly List<Token> _tokens;
    private readonly ExpressionOptions _options;
    private int _index;

    private Parser(List<Token> tokens, ExpressionOptions options)
    {
        _tokens = tokens;
        _options = options;
    }

    private Token Current => _tokens[_index];

    public static Node Parse(string text, ExpressionOptions options)
    {
        if (text.Length > options.MaxLength)
        {
            throw new ExpressionException($"Expression is {text.Length} characters long; the limit is {options.MaxLength}", options.MaxLength + 1);
        }

        var parser = new Parser(Lexer.Tokenize(text), options);
        if (parser.Current.Kind == TokenKind.End)
        {
            throw new ExpressionException("Empty expression: expected a function call, [attribute], \"string\" or number", 1);
        }

        var root = parser.ParseExpression(0);
        var trailing = parser.Current;
        if (trailing.Kind == TokenKind.CloseParen)
        {
            throw new ExpressionException("Unbalanced ')': there is no '(' for it to close; expected the end of the expression", trailing.Position);
        }

        if (trailing.Kind != TokenKind.End)
        {
            throw new ExpressionException(
                $"Unexpected {trailing.Describe()} after a complete expression: expected the end of the expression (join parts with Append or Join)",
                trailing.Position);
        }

        return root;
    }

    private Node ParseExpression(int depth)
    {
        var left = ParseOperand(depth);
        if (Current.Kind != TokenKind.Operator)
        {
            return left;
        }

        var op = Current;
        _index++;
        var right = ParseOperand(depth);
        if (Current.Kind == TokenKind.Operator)
        {
            throw new ExpressionException(
                $"Unexpected '{Current.Text}': only one comparison is allowed per condition (nest IIF for AND/OR)", Current.Position);
        }

        return new ComparisonNode(op.Position, left, op.Text, right);
    }

    private Node ParseOperand(int depth)
    {
        if (depth > MaxDepth)
        {
            throw new ExpressionException($"Expression is nested more than {MaxDepth} levels deep", Current.Position);
        }

        var token = Current;
        switch (token.Kind)
        {
            case TokenKind.String:
            case TokenKind.Number:
                _index++;
                return new LiteralNode(token.Position, token.Text);
            case TokenKind.Attribute:
                _index++;
                return new AttributeNode(token.Position, token.Text);
            case TokenKind.Identifier:
                _index++;
                return Current.Kind == TokenKind.OpenParen ? ParseCall(token, depth) : Keyword(token);
            case TokenKind.End:
                throw new ExpressionException("Unexpected end of the expression: expected a function call, [attribute], \"string\" or number", token.Position);
            default:
                throw new ExpressionException(
                    $"Unexpected {token.Describe()}: expected a function call, [attribute], \"string\" or number", token.Position);
        }
    }

    private static Node Keyword(Token token)
    {
        if (Keywords.TryGetValue(token.Text, out var create))
        {
            return create(token.Position);
        }

        if (FunctionLibrary.TryGet(token.Text, out var function))
        {
            throw new ExpressionException($"Expected '(' after the function name {function.Name}: write {function.Usage}", token.Position + token.Text.Length);
        }

        throw new ExpressionException(
            $"Unknown name '{token.Text}': expected a function call such as {token.Text}(...), an attribute in brackets [{token.Text}] or a string in quotes \"{token.Text}\"",
            token.Position);
    }

    private CallNode ParseCall(Token name, int depth)
    {
        if (!FunctionLibrary.TryGet(name.Text, out var function))
        {
            var hint = FunctionLibrary.FindIgnoringCase(name.Text) is { } similar
                ? $"; function names are case-sensitive, did you mean {similar}?"
                : "; expected one of the functions listed in docs/expressions.md";
            throw new ExpressionException($"Unknown function '{name.Text}'{hint}", name.Position);
        }

        var open = Current;
        _index++;
        var arguments = new List<Node?>();
        if (Current.Kind == TokenKind.CloseParen)
        {
            _index++;
        }
        else
        {
            while (true)
            {
                arguments.Add(Current.Kind is TokenKind.Comma or TokenKind.CloseParen ? null : ParseExpression(depth + 1));
                if (Current.Kind == TokenKind.Comma)
                {
                    _index++;
                    continue;
                }

                if (Current.Kind == TokenKind.CloseParen)
                {
                    _index++;
                    break;
                }

                var what = Current.Kind == TokenKind.End
                    ? $"Unclosed '(' of {function.Name} opened at position {open.Position}: expected ',' or ')' but reached the end of the expression"
                    : $"Unexpected {Current.Describe()} in the arguments of {function.Name}: expected ',' or ')'";
                throw new ExpressionException(what, Current.Position);
            }
        }

        CheckArgumentCount(function, arguments.Count, name.Position);
        var call = new CallNode(name.Position, function, [.. arguments]);
        function.Check?.Invoke(call, new ParseSite(depth == 0, _options));
        return call;
    }

    private static void CheckArgumentCount(FunctionDefinition function, int count, int position)
    {
        if (count >= function.MinArguments && count <= function.MaxArguments)
        {
            return;
        }

        var expected = function.MaxArguments == FunctionDefinition.Unbounded ? $"at least {function.MinArguments}"
            : function.MinArguments == function.MaxArguments ? $"{function.MinArguments}"
            : $"{function.MinArguments} to {function.MaxArguments}";
        var noun = function.MaxArguments == 1 && function.MinArguments == 1 ? "argument" : "arguments";
        throw new ExpressionException($"Wrong number of arguments: {function.Name} expects {expected} {noun} but got {count}; usage: {function.Usage}", position);
    }
}
