namespace Portal.Web.Hosting;

/// <summary>
/// Finds the folder holding the portal's appsettings.json and wwwroot/: the repository root when started from inside
/// the repository (<c>dotnet run --project src/Portal.Web</c> runs in the project folder), else the copies that the
/// build places beside the binaries.
/// </summary>
internal static class PortalContentRoot
{
    private const int MaxLevelsUp = 4;

    public static string? Find(string[] args)
    {
        // An explicit content root (command line, environment, test host) always wins.
        if (args.Any(a => a.StartsWith("--contentRoot", StringComparison.OrdinalIgnoreCase))
            || Environment.GetEnvironmentVariable("ASPNETCORE_CONTENTROOT") is { Length: > 0 })
        {
            return null;
        }

        var folder = new DirectoryInfo(Directory.GetCurrentDirectory());
        for (var level = 0; folder is not null && level <= MaxLevelsUp; level++, folder = folder.Parent)
        {
            if (File.Exists(Path.Combine(folder.FullName, "Portal.sln")) && File.Exists(Path.Combine(folder.FullName, "appsettings.json")))
            {
                return folder.FullName;
            }
        }

        return File.Exists(Path.Combine(Directory.GetCurrentDirectory(), "appsettings.json"))
            ? Directory.GetCurrentDirectory()
            : AppContext.BaseDirectory;
    }
}
