namespace Portal.Provisioning.Expressions;

internal enum ValueKind : byte
{
    Null,
    Single,
    Multi,
    IgnoreAttribute,
    IgnoreObject,
}

/// <summary>
/// A value during evaluation. Everything is text, as in Entra (Graph's parseExpression answers with strings):
/// booleans are "True"/"False", numbers invariant. The flow keywords travel as values so IIF/Switch can pass them on.
/// </summary>
internal readonly struct Value
{
    public static readonly Value Null = default;
    public static readonly Value True = new("True");
    public static readonly Value False = new("False");

    private Value(ValueKind kind, string? text, IReadOnlyList<string>? items, bool redacted)
    {
        Kind = kind;
        Text = text;
        Items = items;
        Redacted = redacted;
    }

    public Value(string text)
        : this(ValueKind.Single, text, null, false)
    {
    }

    public ValueKind Kind { get; }

    public string? Text { get; }

    public IReadOnlyList<string>? Items { get; }

    public bool Redacted { get; }

    /// <summary>Null, absent, or a flow keyword (which carries no data).</summary>
    public bool IsNull => Kind is ValueKind.Null or ValueKind.IgnoreAttribute or ValueKind.IgnoreObject;

    public bool IsNullOrEmpty => IsNull || (Kind == ValueKind.Single && Text!.Length == 0);

    public bool IsMulti => Kind == ValueKind.Multi;

    /// <summary>Number of values: 0 for null, 1 for single.</summary>
    public int Count => Kind switch
    {
        ValueKind.Single => 1,
        ValueKind.Multi => Items!.Count,
        _ => 0,
    };

    public static Value Of(string? text) => text is null ? Null : new Value(text);

    public static Value Of(bool value) => value ? True : False;

    /// <summary>An empty list has no value; a list keeps its order and duplicates.</summary>
    public static Value Of(IReadOnlyList<string> items) => items.Count == 0 ? Null : new Value(ValueKind.Multi, null, items, false);

    public static Value Flow(ValueKind kind) => new(kind, null, null, false);

    public Value AsRedacted() => new(Kind, Text, Items, true);

    /// <summary>Single values as a one-element list, lists as they are, null as empty.</summary>
    public IReadOnlyList<string> AsList() => Kind switch
    {
        ValueKind.Single => [Text!],
        ValueKind.Multi => Items!,
        _ => [],
    };

    public ExpressionValue ToResult() => Kind switch
    {
        ValueKind.Single => ExpressionValue.Single(Text!, Redacted),
        ValueKind.Multi => ExpressionValue.Multi(Items!, Redacted),
        ValueKind.IgnoreAttribute => ExpressionValue.Ignored(ExpressionFlow.IgnoreAttribute),
        ValueKind.IgnoreObject => ExpressionValue.Ignored(ExpressionFlow.IgnoreObject),
        _ => ExpressionValue.None,
    };
}
