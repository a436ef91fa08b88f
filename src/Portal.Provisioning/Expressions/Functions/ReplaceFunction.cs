using System.Text.RegularExpressions;
using Portal.Provisioning.Expressions.Syntax;
using static Portal.Provisioning.Expressions.Functions.FunctionLibrary;

namespace Portal.Provisioning.Expressions.Functions;

/// <summary>
/// Replace(source, oldValue, regexPattern, regexGroupName, replacementValue, replacementAttributeName, template):
/// which mode runs depends on which arguments are given (an omitted argument is not the same as ""), see
/// docs/expressions.md. Case-sensitive; .NET regex syntax with a match timeout.
/// </summary>
internal static class ReplaceFunction
{
    private const int Source = 0, OldValue = 1, Pattern = 2, GroupName = 3, Replacement = 4, ReplacementAttribute = 5, Template = 6;

    public static IEnumerable<FunctionDefinition> Definitions =>
    [
        Define("Replace", "source, oldValue, regexPattern, regexGroupName, replacementValue, replacementAttributeName, template", 3, 7, Replace)
            with { Check = CheckPattern },
    ];

    private static Value Replace(Call call)
    {
        var oldValue = Optional(call, OldValue);
        var pattern = Optional(call, Pattern);
        var groupName = Optional(call, GroupName);
        var replacement = Optional(call, Replacement);
        if (oldValue is not null)
        {
            if (Optional(call, Template) is { } template)
            {
                return call.Map(Source, (oldValue, template), static (s, a, _) => a.oldValue.Length == 0 ? a.template : a.template.Replace(a.oldValue, s, StringComparison.Ordinal));
            }

            return replacement is not null
                ? call.Map(Source, (oldValue, replacement), static (s, a, _) => a.oldValue.Length == 0 ? s : s.Replace(a.oldValue, a.replacement, StringComparison.Ordinal))
                : throw call.Error("with oldValue, give replacementValue (5th argument) or template (7th argument)");
        }

        if (pattern is null)
        {
            throw call.Error("give oldValue (2nd argument) or regexPattern (3rd argument)");
        }

        var regex = GetRegex(call);
        if (groupName is not null && regex.GroupNumberFromName(groupName) < 0)
        {
            throw call.Error(GroupName, $"\"{groupName}\" is not a group of the pattern");
        }

        try
        {
            if (groupName is not null && call.Has(ReplacementAttribute))
            {
                return FromReplacementAttribute(call, regex, groupName);
            }

            if (replacement is null)
            {
                throw call.Error("with regexPattern, give replacementValue (5th argument) or regexGroupName and replacementAttributeName");
            }

            return groupName is null
                ? call.Map(Source, (regex, replacement), static (s, a, _) => a.regex.Replace(s, a.replacement))
                : call.Map(Source, (regex, groupName, replacement), static (s, a, _) => ReplaceGroup(s, a.regex, a.groupName, a.replacement));
        }
        catch (RegexMatchTimeoutException)
        {
            throw call.Error(Pattern, $"took longer than {call.Evaluation.Options.RegexTimeout.TotalMilliseconds} ms to match; simplify the pattern");
        }
    }

    // "If source has a value, source is returned; otherwise the pattern is applied to replacementAttributeName and
    // the value of regexGroupName is returned."
    private static Value FromReplacementAttribute(Call call, Regex regex, string groupName)
    {
        var source = call.Arg(Source);
        if (!source.IsNullOrEmpty)
        {
            return source;
        }

        var fallback = call.Text(ReplacementAttribute);
        if (fallback is null)
        {
            return Value.Null;
        }

        var group = regex.Match(fallback).Groups[groupName];
        return group.Success ? new Value(group.Value) : Value.Null;
    }

    private static string ReplaceGroup(string source, Regex regex, string groupName, string replacement) =>
        regex.Replace(source, match =>
        {
            var group = match.Groups[groupName];
            if (!group.Success)
            {
                return match.Value;
            }

            var offset = group.Index - match.Index;
            return string.Concat(match.Value.AsSpan(0, offset), replacement, match.Value.AsSpan(offset + group.Length));
        });

    private static string? Optional(Call call, int index) => call.Has(index) ? call.Text(index) : null;

    private static Regex GetRegex(Call call)
    {
        var timeout = call.Evaluation.Options.RegexTimeout;
        if (call.Literal(Pattern) is { } literal)
        {
            return literal.GetRegex(timeout);
        }

        return RegexCache.Get(call.Text(Pattern)!, timeout, call.Position(Pattern));
    }

    // A constant pattern is compiled while parsing: the mapping editor reports a bad regex before any user is evaluated.
    private static void CheckPattern(CallNode call, ParseSite site)
    {
        if (call.Arguments.Length > Pattern && call.Arguments[Pattern] is LiteralNode pattern)
        {
            var regex = pattern.GetRegex(site.Options.RegexTimeout);
            if (call.Arguments.Length > GroupName && call.Arguments[GroupName] is LiteralNode group && regex.GroupNumberFromName(group.Text) < 0)
            {
                throw new ExpressionException($"Replace: regexGroupName \"{group.Text}\" is not a group of the pattern", group.Position);
            }
        }
    }
}
