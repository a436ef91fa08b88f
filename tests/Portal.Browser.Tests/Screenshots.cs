using Microsoft.Playwright;

namespace Portal.Browser.Tests;

/// <summary>Full-page screenshots saved under artifacts/screenshots at the repository root, kept as test artifacts.</summary>
internal static class Screenshots
{
    public static string Folder { get; } = Path.Combine(RepositoryRoot(), "artifacts", "screenshots");

    public static async Task SaveAsync(IPage page, string name)
    {
        Directory.CreateDirectory(Folder);
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(Folder, name + ".png"), FullPage = false });
    }

    private static string RepositoryRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Portal.sln")))
        {
            dir = dir.Parent;
        }

        return dir?.FullName ?? Directory.GetCurrentDirectory();
    }
}
