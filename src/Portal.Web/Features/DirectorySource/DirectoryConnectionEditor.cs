using System.Security.Cryptography;
using Hangfire;
using Microsoft.EntityFrameworkCore;
using Portal.Data;
using Portal.Data.Entities;
using Portal.Data.Secrets;
using Portal.Provisioning.Source;
using Portal.Provisioning.Targets;
using Portal.Web.Audit;
using Portal.Web.Hosting.Hardening;
using Portal.Web.Jobs;
using Portal.Web.Notifications;

namespace Portal.Web.Features.DirectorySource;

/// <summary>
/// Loads, validates, saves (audited, client secret encrypted) and tests the tenant's own Microsoft Graph connection:
/// the app registration (client id and secret, application permissions) the portal reads the directory with.
/// </summary>
public sealed class DirectoryConnectionEditor(
    IDbContextFactory<PortalDbContext> dbFactory, SecretProtector secrets, AuditLog audit, JobActionLimits limits, TimeProvider time, IServiceProvider services)
{
    public const string ClientIdField = "Application (client) ID";
    public const string ClientSecretField = "Client secret";
    public const string CloudField = "Cloud";

    public async Task<DirectoryConnectionForm> LoadAsync(CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var tenant = await TenantAsync(db, tracked: false, cancellationToken);
        var cloud = DirectoryCloud.IdOf(tenant.Directory.GraphBaseUrl, tenant.Directory.TokenEndpoint);
        return new DirectoryConnectionForm
        {
            DirectoryId = tenant.DirectoryId,
            ClientId = tenant.Directory.ClientId,
            ClientSecretSet = tenant.Directory.ClientSecret is not null,
            CloudId = cloud,
            OnEmulator = cloud == DirectoryCloud.EmulatorId,
            ChangesSubscribedUntil = tenant.Directory.ChangesSubscribedUntil,
            ChangeSubscriptionProblem = tenant.Directory.ChangeSubscriptionProblem,
            LastChangeNotificationAt = tenant.Directory.LastChangeNotificationAt,
            ClientSecretExpiresAt = tenant.Directory.ClientSecretExpiresAt,
            ClientSecretReadAt = tenant.Directory.ClientSecretReadAt,
        };
    }

    public async Task SaveAsync(DirectoryConnectionForm form, CancellationToken cancellationToken = default)
    {
        Validate(form);
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var tenant = await TenantAsync(db, tracked: true, cancellationToken);
        var directory = tenant.Directory;
        var before = (directory.ClientId, directory.ClientSecret, Cloud: DirectoryCloud.IdOf(directory.GraphBaseUrl, directory.TokenEndpoint));
        directory.ClientId = form.ClientId!.Trim();
        if (!string.IsNullOrEmpty(form.NewClientSecret))
        {
            directory.ClientSecret = secrets.Protect(form.NewClientSecret);
        }

        if (DirectoryCloud.Find(form.CloudId) is { } cloud)
        {
            directory.AuthorityHost = cloud.AuthorityHost;
            directory.GraphBaseUrl = cloud == DirectoryCloud.Global ? null : cloud.GraphBaseUrl;
            directory.TokenEndpoint = null;
        }

        var changed = audit.Record(db, AuditActivities.UpdateDirectoryConnection, nameof(Tenant), tenant.Id.ToString(),
            AuditChange.Of("ClientId", before.ClientId, directory.ClientId),
            AuditChange.Secret("ClientSecret", !Equals(before.ClientSecret, directory.ClientSecret)),
            AuditChange.Of(CloudField, before.Cloud, form.CloudId));
        var newSecret = !Equals(before.ClientSecret, directory.ClientSecret) || before.ClientId != directory.ClientId;
        if (newSecret)
        {
            // What was read of the old secret says nothing of the new one; it is read in the background at once.
            (directory.ClientSecretExpiresAt, directory.ClientSecretReadAt) = (null, null);
            if (before.ClientId != directory.ClientId)
            {
                // Another app registration holds its own permissions.
                directory.MayAssign = null;
            }
        }

        if (changed is not null)
        {
            await db.SaveChangesAsync(cancellationToken);
            // A new app registration or secret means a new client state: subscribe again now, not at the next renewal.
            services.GetService<ProvisioningScheduler>()?.SubscribeToChanges(tenant.Id);
        }

        if (newSecret)
        {
            services.GetService<IBackgroundJobClient>()?.Enqueue<ClientSecretExpiryCheck>(c => c.CheckAsync(tenant.Id, CancellationToken.None));
        }

        form.ClientSecretSet = true;
        form.NewClientSecret = null;
        (form.ClientSecretExpiresAt, form.ClientSecretReadAt) = (directory.ClientSecretExpiresAt, directory.ClientSecretReadAt);
    }

    /// <summary>
    /// Signs in to the directory with the settings as typed (the stored secret when none was typed) and checks the
    /// Graph permissions, against the enterprise application of the tenant's first linked application if there is one.
    /// </summary>
    public async Task<SourceConnectionTest> TestAsync(DirectoryConnectionForm form, CancellationToken cancellationToken = default)
    {
        Validate(form);
        if (services.GetService<IDirectorySourceFactory>() is not { } factory)
        {
            return new SourceConnectionTest(false, "No directory source is installed in this portal, so the connection cannot be tested.", []);
        }

        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var tenant = await TenantAsync(db, tracked: false, cancellationToken);
        // Each test signs in at Microsoft with the tenant's secret: limited like an application's Test Connection.
        if (limits.Refusal(LimitedAction.TestDirectoryConnection, tenant.Id) is { } refusal)
        {
            return new SourceConnectionTest(false, refusal, []);
        }

        var stored = tenant.Directory;
        string secret;
        try
        {
            secret = !string.IsNullOrEmpty(form.NewClientSecret) ? form.NewClientSecret : secrets.Unprotect(stored.ClientSecret!);
        }
        catch (CryptographicException)
        {
            throw new DirectoryConnectionException(ClientSecretField, "The stored client secret can no longer be decrypted; enter it again.");
        }

        var cloud = DirectoryCloud.Find(form.CloudId);
        var settings = new DirectorySourceSettings(tenant.DirectoryId, form.ClientId!.Trim(), secret,
            cloud?.GraphBaseUrl ?? stored.GraphBaseUrl ?? DirectorySourceSettings.GlobalGraphBaseUrl,
            cloud is null ? stored.TokenEndpoint : null,
            cloud is null ? stored.AuthorityHost : cloud.AuthorityHost);
        var servicePrincipalId = await db.Applications.AsNoTracking().Where(a => a.ServicePrincipalId != null)
            .OrderBy(a => a.DisplayName).Select(a => a.ServicePrincipalId).FirstOrDefaultAsync(cancellationToken);
        var source = factory.Create(settings);
        try
        {
            var test = await source.TestConnectionAsync(servicePrincipalId, cancellationToken);
            if (test.Succeeded && string.IsNullOrEmpty(form.NewClientSecret) && settings.ClientId == stored.ClientId)
            {
                await KeepReadingsAsync(form, test, cancellationToken);
            }

            return test;
        }
        catch (DirectorySourceException e)
        {
            return new SourceConnectionTest(false, e.Message, [], e.IsCredentialFailure);
        }
        finally
        {
            await ConnectorLifetime.DisposeAsync(source);
        }
    }

    // A test of the stored settings read the stored secret's end date and whether assigning is granted: the page, the
    // overview and the Users and groups tab show them from then on.
    private async Task KeepReadingsAsync(DirectoryConnectionForm form, SourceConnectionTest test, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var directory = (await TenantAsync(db, tracked: true, cancellationToken)).Directory;
        (directory.ClientSecretExpiresAt, directory.ClientSecretReadAt) = (test.ClientSecret?.ExpiresAt, time.GetUtcNow());
        directory.MayAssign = test.MayAssign ?? directory.MayAssign;
        await db.SaveChangesAsync(cancellationToken);
        (form.ClientSecretExpiresAt, form.ClientSecretReadAt) = (directory.ClientSecretExpiresAt, directory.ClientSecretReadAt);
    }

    private static async Task<Tenant> TenantAsync(PortalDbContext db, bool tracked, CancellationToken cancellationToken)
    {
        var tenants = tracked ? db.Tenants : db.Tenants.AsNoTracking();
        return await tenants.SingleOrDefaultAsync(t => t.Id == db.TenantId, cancellationToken)
            ?? throw new InvalidOperationException("The signed-in tenant no longer exists.");
    }

    private static void Validate(DirectoryConnectionForm form)
    {
        if (!Guid.TryParse(form.ClientId?.Trim(), out _))
        {
            throw new DirectoryConnectionException(ClientIdField,
                $"{ClientIdField}: '{form.ClientId}' is not an ID. Copy the Application (client) ID from Entra ID > App registrations > the app > Overview.");
        }

        if (!form.ClientSecretSet && string.IsNullOrEmpty(form.NewClientSecret))
        {
            throw new DirectoryConnectionException(ClientSecretField,
                $"{ClientSecretField} is required: create one in Entra ID > App registrations > the app > Certificates & secrets, and paste its Value.");
        }

        if (DirectoryCloud.Find(form.CloudId) is null && !(form.CloudId == DirectoryCloud.EmulatorId && form.OnEmulator))
        {
            throw new DirectoryConnectionException(CloudField, $"{CloudField}: choose one of {string.Join(", ", DirectoryCloud.Known.Select(c => c.Name))}.");
        }
    }
}
