using System.Globalization;
using System.Text;

namespace Portal.Provisioning.Expressions.Syntax;

/// <summary>Splits expression text into tokens; string constants come out unescaped.</summary>
internal static class Lexer
{
    public static List<Token> Tokenize(string text)
    {
        var tokens = new List<Token>();
        var i = 0;
        while (i < text.Length)
        {
            var c = text[i];
            var position = i + 1;
            if (char.IsWhiteSpace(c))
            {
                i++;
            }
            else if (c == '"')
            {
                tokens.Add(new Token(TokenKind.String, ReadString(text, ref i), position));
            }
            else if (c == '[')
            {
                tokens.Add(new Token(TokenKind.Attribute, ReadAttribute(text, ref i), position));
            }
            else if (char.IsAsciiDigit(c) || (c == '-' && i + 1 < text.Length && char.IsAsciiDigit(text[i + 1])))
            {
                var start = i;
                i++;
                while (i < text.Length && char.IsAsciiDigit(text[i]))
                {
                    i++;
                }

                if (i + 1 < text.Length && text[i] == '.' && char.IsAsciiDigit(text[i + 1]))
                {
                    i++;
                    while (i < text.Length && char.IsAsciiDigit(text[i]))
                    {
                        i++;
                    }
                }

                tokens.Add(new Token(TokenKind.Number, text[start..i], position));
            }
            else if (c == '&' && i + 1 < text.Length && text[i + 1] is 'H' or 'h')
            {
                tokens.Add(new Token(TokenKind.Number, ReadHex(text, ref i), position));
            }
            else if (char.IsAsciiLetter(c) || c == '_')
            {
                var start = i;
                while (i < text.Length && (char.IsAsciiLetterOrDigit(text[i]) || text[i] == '_'))
                {
                    i++;
                }

                tokens.Add(new Token(TokenKind.Identifier, text[start..i], position));
            }
            else
            {
                tokens.Add(ReadPunctuation(text, ref i));
            }
        }

        tokens.Add(new Token(TokenKind.End, "", text.Length + 1));
        return tokens;
    }

    private static string ReadString(string text, ref int i)
    {
        var start = i;
        var value = new StringBuilder();
        i++;
        while (i < text.Length)
        {
            var c = text[i];
            if (c == '"')
            {
                i++;
                return value.ToString();
            }

            // Only \" and \\ are escapes; any other backslash stays as written, as Entra keeps it.
            if (c == '\\' && i + 1 < text.Length && text[i + 1] is '"' or '\\')
            {
                value.Append(text[i + 1]);
                i += 2;
            }
            else
            {
                value.Append(c);
                i++;
            }
        }

        throw new ExpressionException("Unclosed string constant: expected a closing '\"' (write \\\" for a quote inside a string)", start + 1);
    }

    private static string ReadAttribute(string text, ref int i)
    {
        var start = i;
        var close = text.IndexOf(']', i + 1);
        var nextOpen = text.IndexOf('[', i + 1);
        if (close < 0 || (nextOpen >= 0 && nextOpen < close))
        {
            throw new ExpressionException("Unclosed attribute reference: expected ']' after the attribute name", start + 1);
        }

        var name = text[(i + 1)..close].Trim();
        if (name.Length == 0)
        {
            throw new ExpressionException("Empty attribute reference: expected an attribute name between '[' and ']'", start + 1);
        }

        i = close + 1;
        return name;
    }

    private static string ReadHex(string text, ref int i)
    {
        var start = i;
        i += 2;
        var digits = i;
        while (i < text.Length && char.IsAsciiHexDigit(text[i]))
        {
            i++;
        }

        if (i == digits || !long.TryParse(text.AsSpan(digits, i - digits), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var value))
        {
            throw new ExpressionException("Invalid hex number: expected up to 16 hex digits after '&H', as in &HF7", start + 1);
        }

        return value.ToString(CultureInfo.InvariantCulture);
    }

    private static Token ReadPunctuation(string text, ref int i)
    {
        var c = text[i];
        var position = i + 1;
        var next = i + 1 < text.Length ? text[i + 1] : '\0';
        (TokenKind Kind, string Text)? token = c switch
        {
            '(' => (TokenKind.OpenParen, "("),
            ')' => (TokenKind.CloseParen, ")"),
            ',' => (TokenKind.Comma, ","),
            '=' => (TokenKind.Operator, "="),
            '<' when next == '>' => (TokenKind.Operator, "<>"),
            '<' when next == '=' => (TokenKind.Operator, "<="),
            '>' when next == '=' => (TokenKind.Operator, ">="),
            '<' => (TokenKind.Operator, "<"),
            '>' => (TokenKind.Operator, ">"),
            _ => null,
        };
        if (token is null)
        {
            var hint = c switch
            {
                '+' or '&' => "; join text with Append or Join",
                ']' => "; no attribute reference is open",
                '\'' => "; strings use double quotes",
                _ => "",
            };
            throw new ExpressionException(
                $"Unexpected character '{c}': expected a function name, [attribute], \"string\", number, ',' or ')'{hint}", position);
        }

        i += token.Value.Text.Length;
        return new Token(token.Value.Kind, token.Value.Text, position);
    }
}
