using System.Collections.Concurrent;
using Portal.Provisioning.Expressions.Syntax;

namespace Portal.Provisioning.Expressions;

/// <summary>
/// Entry point of the attribute-mapping expression language (Entra ID compatible). Compiles expression text once and
/// caches the result by text, so evaluating a mapping for 100,000 users parses it once. Thread-safe; register one
/// instance (or use <see cref="Default"/>).
/// </summary>
/// <example>
/// <code>
/// var upn = ExpressionCompiler.Default.Compile("Join(\"@\", NormalizeDiacritics([mailNickname]), \"contoso.com\")");
/// ExpressionValue value = upn.Evaluate(new ExpressionInput(user.Attributes, roles, "contoso.com"));
/// </code>
/// </example>
public sealed class ExpressionCompiler(ExpressionOptions options)
{
    private const int CacheCapacity = 4096;
    private readonly ConcurrentDictionary<string, CompiledExpression> _cache = new(StringComparer.Ordinal);

    /// <summary>A compiler with default options: system clock, strong randomness, default limits.</summary>
    public ExpressionCompiler()
        : this(new ExpressionOptions())
    {
    }

    /// <summary>A shared compiler with the system clock and strong randomness.</summary>
    public static ExpressionCompiler Default { get; } = new();

    /// <summary>Clock, randomness and limits used by every expression this compiler compiles.</summary>
    public ExpressionOptions Options { get; } = options;

    /// <summary>Parses and checks <paramref name="text"/> or returns the cached compiled form.</summary>
    /// <exception cref="ExpressionException">The text is not a valid expression; <see cref="ExpressionException.Position"/> says where.</exception>
    public CompiledExpression Compile(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (_cache.TryGetValue(text, out var compiled))
        {
            return compiled;
        }

        compiled = new CompiledExpression(text, Parser.Parse(text, Options), Options);
        if (_cache.Count >= CacheCapacity)
        {
            // Mappings are few; a full cache means churn (e.g. an editor typing), where dropping everything is fine.
            _cache.Clear();
        }

        return _cache.GetOrAdd(text, compiled);
    }

    /// <summary>
    /// Checks <paramref name="text"/> without evaluating it, for the mapping editor: null when valid, otherwise the
    /// error with its position and what was expected.
    /// </summary>
    public ExpressionException? Validate(string text)
    {
        try
        {
            Compile(text);
            return null;
        }
        catch (ExpressionException e)
        {
            return e;
        }
    }

    /// <summary>Compiles and evaluates in one call (tests, the CLI and the editor's "test expression").</summary>
    /// <exception cref="ExpressionException">Parse or evaluation error.</exception>
    public ExpressionValue Evaluate(string text, ExpressionInput input) => Compile(text).Evaluate(input);
}
