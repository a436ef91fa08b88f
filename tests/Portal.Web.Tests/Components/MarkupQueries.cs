using AngleSharp.Dom;
using Bunit;
using Microsoft.AspNetCore.Components;

namespace Portal.Web.Tests.Components;

/// <summary>Finds form controls the way a person does: by their visible label.</summary>
internal static class MarkupQueries
{
    public static IElement InputLabelled<T>(this IRenderedComponent<T> cut, string label) where T : IComponent
    {
        var match = cut.FindAll("label").FirstOrDefault(l => l.TextContent.Trim().TrimEnd('*').Trim() == label)
            ?? throw new InvalidOperationException($"No label '{label}'. Labels: {string.Join(" | ", cut.FindAll("label").Select(l => l.TextContent.Trim()))}");
        var id = match.GetAttribute("for");
        return id is not null ? cut.Find($"#{id}") : match.ParentElement!.QuerySelector("input, textarea")!;
    }

    public static IElement ButtonNamed<T>(this IRenderedComponent<T> cut, string text) where T : IComponent =>
        cut.FindAll("button").FirstOrDefault(b => b.TextContent.Trim() == text || b.GetAttribute("aria-label") == text)
        ?? throw new InvalidOperationException($"No button '{text}'.");
}
