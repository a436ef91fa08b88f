using System.Globalization;

namespace Portal.Web.Features.Mappings;

/// <summary>How a source value is shown in the tester: multi-valued as a comma list, booleans as Entra prints them.</summary>
public static class MappingValues
{
    public static string? Format(object? value) => value switch
    {
        null => null,
        string s => s,
        bool b => b ? "True" : "False",
        IEnumerable<string> many => string.Join(", ", many),
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString(),
    };
}
