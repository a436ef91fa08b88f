using AngleSharp.Dom;
using Bunit;
using Microsoft.AspNetCore.Components;

namespace Portal.Web.Tests.Components;

/// <summary>Finds form controls the way a person does: by their visible label; reads text as a person does, as words.</summary>
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

    // Finding and firing on the renderer's thread: a render that lands between the two (MudBlazor finishes some input
    // handlers asynchronously) would otherwise replace the handler the found element still names.
    public static Task ClickButtonAsync<T>(this IRenderedComponent<T> cut, string text) where T : IComponent =>
        cut.InvokeAsync(() => cut.ButtonNamed(text).Click());

    public static Task ChangeInputAsync<T>(this IRenderedComponent<T> cut, string label, string value) where T : IComponent =>
        cut.InvokeAsync(() => cut.InputLabelled(label).Change(value));

    /// <summary>The element's text with each run of white space one space, as the browser shows it.</summary>
    public static string Words(this IElement element) => System.Text.RegularExpressions.Regex.Replace(element.TextContent, @"\s+", " ").Trim();
}
