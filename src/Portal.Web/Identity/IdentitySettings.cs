namespace Portal.Web.Identity;

/// <summary>The <c>Portal:Identity</c> settings.</summary>
public sealed record IdentitySettings
{
    public const string Section = "Portal:Identity";

    /// <summary>The dev sign-in page; on in Development, off elsewhere unless tests turn it on.</summary>
    public bool DevSignIn { get; init; }

    /// <summary>Lets the first user of an unknown directory register it and become its tenant admin.</summary>
    public bool AllowDirectorySelfRegistration { get; init; }

    /// <summary>
    /// The directory whose app-role claim <c>Portal.Operator</c> is honoured. Any directory's admin can assign app
    /// roles of a multi-tenant app to their own users, so an Operator claim from another directory means nothing.
    /// </summary>
    public string? OperatorDirectoryId { get; init; }

    /// <summary>How often an open Blazor circuit re-checks that its user may still use the portal.</summary>
    public TimeSpan RevalidationInterval { get; init; } = TimeSpan.FromMinutes(1);

    /// <summary>Seeds the demo tenant and users into an empty database at start-up; on in Development.</summary>
    public bool SeedDemoTenant { get; init; }

    /// <summary>True when <c>AzureAd:ClientId</c> is set, i.e. Microsoft Entra sign-in is configured.</summary>
    public bool OpenIdConnectConfigured { get; init; }

    public static IdentitySettings FromConfiguration(IConfiguration configuration, IHostEnvironment environment)
    {
        var section = configuration.GetSection(Section);
        var development = environment.IsDevelopment();
        return new IdentitySettings
        {
            DevSignIn = section.GetValue(nameof(DevSignIn), development),
            AllowDirectorySelfRegistration = section.GetValue(nameof(AllowDirectorySelfRegistration), false),
            OperatorDirectoryId = section[nameof(OperatorDirectoryId)] is { Length: > 0 } id
                ? id
                : development ? DemoDirectory.DirectoryId : null,
            RevalidationInterval = section.GetValue(nameof(RevalidationInterval), TimeSpan.FromMinutes(1)),
            SeedDemoTenant = section.GetValue(nameof(SeedDemoTenant), development),
            OpenIdConnectConfigured = !string.IsNullOrWhiteSpace(configuration["AzureAd:ClientId"]),
        };
    }
}
