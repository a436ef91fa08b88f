namespace Portal.Web.Features.Applications;

/// <summary>A name the admin may not give an application; the message says why and what to do.</summary>
public sealed class ApplicationNameException(string message) : InvalidOperationException(message);

/// <summary>
/// An application's name tells it apart wherever the portal lists several — the logs' Application column and filter,
/// notifications, emails, the dashboard — so two applications of a tenant never share one (ignoring case).
/// </summary>
public static class ApplicationNames
{
    public const int MaxLength = 200;

    /// <summary>The name trimmed, or why it cannot be used.</summary>
    /// <exception cref="ApplicationNameException">Empty, longer than <see cref="MaxLength"/>, or one of <paramref name="taken"/>.</exception>
    public static string Check(string? displayName, IEnumerable<string> taken)
    {
        var name = displayName?.Trim() ?? "";
        if (name.Length == 0)
        {
            throw new ApplicationNameException("Enter a name for the application.");
        }

        if (name.Length > MaxLength)
        {
            throw new ApplicationNameException($"The name has {name.Length} characters; use at most {MaxLength}.");
        }

        if (taken.Contains(name, StringComparer.OrdinalIgnoreCase))
        {
            throw new ApplicationNameException($"An application named '{name}' already exists; choose another name, e.g. with the team or region it serves.");
        }

        return name;
    }

    /// <summary><paramref name="baseName"/> if free, else the first free "<paramref name="baseName"/> 2", " 3", ….</summary>
    public static string Suggest(string baseName, IReadOnlyCollection<string> taken)
    {
        var used = new HashSet<string>(taken, StringComparer.OrdinalIgnoreCase);
        if (!used.Contains(baseName))
        {
            return baseName;
        }

        var number = 2;
        while (used.Contains($"{baseName} {number}"))
        {
            number++;
        }

        return $"{baseName} {number}";
    }
}
