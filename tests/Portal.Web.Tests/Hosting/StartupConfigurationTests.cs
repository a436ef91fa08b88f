using System.Diagnostics;

namespace Portal.Web.Tests.Hosting;

/// <summary>Starts the real portal process with bad settings: it must refuse in one line and create no database.</summary>
public sealed class StartupConfigurationTests
{
    [Theory]
    [InlineData("Oracle", "Data Source=App_Data/portal.db", null, "'Database:Provider' has the unknown value 'Oracle'; accepted values: Sqlite, SqlServer, PostgreSql.")]
    [InlineData("PostgreSql", "", null, "'ConnectionStrings:Portal' is missing")]
    [InlineData("Sqlite", "Flavour=Strawberry", null, "'ConnectionStrings:Portal' is not a valid Sqlite connection string")]
    [InlineData("PostgreSql", "Database=portal", null, "'ConnectionStrings:Portal' names no server")]
    [InlineData("Sqlite", "Data Source=App_Data/portal.db", "proxy.internal", "'Portal:Hardening:TrustedProxies' has 'proxy.internal', which is neither an IP address nor a network")]
    public async Task Host_RefusesToStart_WithOneLineNamingTheSetting(string provider, string connectionString, string? trustedProxy, string expected)
    {
        var contentRoot = Directory.CreateTempSubdirectory("portal-badconfig-");
        try
        {
            var start = new ProcessStartInfo("dotnet", [Path.Combine(AppContext.BaseDirectory, "Portal.Web.dll")])
            {
                RedirectStandardError = true,
                RedirectStandardOutput = true,
                WorkingDirectory = contentRoot.FullName,
            };
            start.Environment["ASPNETCORE_CONTENTROOT"] = contentRoot.FullName;
            start.Environment["ASPNETCORE_URLS"] = "http://127.0.0.1:0";
            start.Environment["Database__Provider"] = provider;
            start.Environment["Database__MigrateOnStartup"] = "true";
            start.Environment["ConnectionStrings__Portal"] = connectionString;
            if (trustedProxy is not null)
            {
                start.Environment["Portal__Hardening__TrustedProxies__0"] = trustedProxy;
            }

            using var process = Process.Start(start)!;
            var ct = TestContext.Current.CancellationToken;
            var stderr = await process.StandardError.ReadToEndAsync(ct);
            await process.WaitForExitAsync(ct);

            Assert.Equal(2, process.ExitCode);
            var line = Assert.Single(stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries));
            Assert.StartsWith("error: Setting ", line, StringComparison.Ordinal);
            Assert.Contains(expected, line, StringComparison.Ordinal);
            Assert.Empty(contentRoot.GetFileSystemInfos());
        }
        finally
        {
            contentRoot.Delete(recursive: true);
        }
    }
}
