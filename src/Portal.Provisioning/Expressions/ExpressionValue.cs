namespace Portal.Provisioning.Expressions;

/// <summary>
/// The result of evaluating an expression: no value, a single string or an ordered list of strings.
/// Booleans are "True"/"False", numbers use the invariant culture, dates <c>M/d/yyyy h:mm:ss tt</c> in UTC.
/// </summary>
public sealed record ExpressionValue
{
    private readonly IReadOnlyList<string>? _values;

    private ExpressionValue(ExpressionValueKind kind, string? text, IReadOnlyList<string>? values, ExpressionFlow flow, bool isRedacted)
    {
        Kind = kind;
        Text = text;
        _values = values;
        Flow = flow;
        IsRedacted = isRedacted;
    }

    /// <summary>No value, flowing as null.</summary>
    public static ExpressionValue None { get; } = new(ExpressionValueKind.None, null, null, ExpressionFlow.Normal, false);

    /// <summary>None, Single or Multi.</summary>
    public ExpressionValueKind Kind { get; }

    /// <summary>The value when <see cref="Kind"/> is <see cref="ExpressionValueKind.Single"/>, otherwise null.</summary>
    public string? Text { get; }

    /// <summary>All values in order: one for Single, several for Multi, none for None.</summary>
    public IReadOnlyList<string> Values => _values ?? (Text is null ? [] : [Text]);

    /// <summary>Whether the attribute (or object) flows at all; anything but Normal comes with Kind None.</summary>
    public ExpressionFlow Flow { get; }

    /// <summary>The expression wrapped the value in <c>Redact</c>: it flows normally but logs must show <c>[Redact]</c>.</summary>
    public bool IsRedacted { get; }

    /// <summary>A single value.</summary>
    public static ExpressionValue Single(string text, bool isRedacted = false) =>
        new(ExpressionValueKind.Single, text, null, ExpressionFlow.Normal, isRedacted);

    /// <summary>A multi-valued result; an empty list is <see cref="None"/>.</summary>
    public static ExpressionValue Multi(IReadOnlyList<string> values, bool isRedacted = false) =>
        values.Count == 0 ? None : new(ExpressionValueKind.Multi, null, values, ExpressionFlow.Normal, isRedacted);

    /// <summary>No value, and the target attribute (or object) is left out of the flow.</summary>
    public static ExpressionValue Ignored(ExpressionFlow flow) => new(ExpressionValueKind.None, null, null, flow, false);

    /// <summary>Equal kind, flow, redaction and values in order (lists compare by content, not by reference).</summary>
    public bool Equals(ExpressionValue? other) =>
        other is not null && Kind == other.Kind && Flow == other.Flow && IsRedacted == other.IsRedacted && Values.SequenceEqual(other.Values);

    public override int GetHashCode() => HashCode.Combine(Kind, Flow, Text, Values.Count);

    public override string ToString() => Kind switch
    {
        ExpressionValueKind.Single => Text!,
        ExpressionValueKind.Multi => $"[{string.Join(", ", Values)}]",
        _ => Flow == ExpressionFlow.Normal ? "(no value)" : $"({Flow})",
    };
}
