using Portal.Data;
using Portal.Provisioning;
using Portal.Provisioning.Cycles;
using Portal.Provisioning.Source;
using Portal.Provisioning.Targets.Scim;
using Portal.Sandbox;
using Portal.Web.ChangeNotifications;
using Portal.Web.Endpoints;
using Portal.Web.Features.Applications;
using Portal.Web.Features.Sandbox;
using Portal.Web.Jobs;
using Portal.Web.Notifications;

namespace Portal.Web.Hosting;

public static class PortalBackgroundServiceCollectionExtensions
{
    /// <summary>
    /// What a portal node needs to run provisioning, with or without the UI: data, Hangfire, the engine with its
    /// Graph source and SCIM targets, the schedule and notifications, and the embedded sandbox when it is on.
    /// </summary>
    public static DatabaseSettings AddPortalBackground(this IHostApplicationBuilder builder)
    {
        var database = DatabaseSettings.FromConfiguration(builder.Configuration, builder.Environment.ContentRootPath);
        builder.Services.AddPortalData(database);
        builder.AddPortalHangfire(database);
        builder.Services.AddGraphDirectorySource();
        builder.Services.AddScimTargets();
        builder.Services.AddProvisioning(new EngineOptions
        {
            // Loopback and private targets are refused unless the operator allows them (the sandbox needs loopback).
            AllowPrivateNetworkTargets = builder.Configuration.GetValue("Targets:AllowPrivateNetwork", false),
        });
        builder.AddPortalNotifications();
        builder.AddPortalJobs();
        builder.AddPortalChangeNotifications();
        if (builder.Configuration.GetValue(SandboxEndpoints.EnabledKey, false))
        {
            builder.Services.AddSandbox();
            builder.Services.AddSingleton<SandboxApplications>();
            builder.Services.AddScoped<SandboxDirectoryEditor>();
            builder.Services.AddScoped<SandboxAppRegistration>();
            builder.Services.AddScoped<SandboxLinkedApplications>();
            builder.Services.AddSingleton<PickupMailbox>();
        }

        return database;
    }
}
