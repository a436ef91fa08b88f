using Microsoft.EntityFrameworkCore;
using Portal.Data;
using Portal.Data.Entities;
using Portal.Data.Secrets;
using Portal.Provisioning.Source;
using Portal.Web.Audit;
using Portal.Web.Identity;

namespace Portal.Web.Features.Applications;

/// <summary>
/// Reads the tenant's directory through the registered <see cref="IDirectorySourceFactory"/>: the app's assignments with
/// their roles, and single users for the expression tester and provision on demand.
/// </summary>
public sealed partial class DirectoryAccess(
    IDbContextFactory<PortalDbContext> dbFactory,
    SecretProtector secrets,
    IServiceProvider services,
    AuditLog audit,
    CurrentUser currentUser)
{
    private static readonly string[] UserAttributes =
        ["displayName", "userPrincipalName", "mail", "mailNickname", "givenName", "surname", "department", "employeeId", "jobTitle", "accountEnabled"];

    private static readonly string[] GroupAttributes = ["displayName", "mailNickname"];

    public async Task<AssignmentsResult> ReadAssignmentsAsync(Guid applicationId, CancellationToken cancellationToken = default)
    {
        var (source, servicePrincipalId, problem) = await ConnectAsync(applicationId, cancellationToken);
        if (source is null)
        {
            return new AssignmentsResult(false, problem, [], []);
        }

        // Assignments only: listing who is assigned must not read every user and group of a large directory.
        var read = await source.ReadAssignmentsAsync(servicePrincipalId!, cancellationToken);
        var roles = read.AppRoles.ToDictionary(r => r.Id, StringComparer.OrdinalIgnoreCase);
        var rows = read.Assignments.Select(a =>
        {
            var isDefault = a.AppRoleId == AppRole.DefaultAccessId;
            var roleName = isDefault ? "Default Access" : roles.TryGetValue(a.AppRoleId, out var r) ? r.DisplayName : a.AppRoleId;
            return new AssignmentView(a.PrincipalId, a.PrincipalType, a.PrincipalDisplayName, a.AppRoleId, roleName, !isDefault, a.Id);
        }).OrderBy(a => a.DisplayName, StringComparer.OrdinalIgnoreCase).ToList();
        var problems = read.IsComplete ? null : string.Join(" ", read.Problems);
        return new AssignmentsResult(true, problems, rows, read.AppRoles, await MayAssignAsync(cancellationToken));
    }

    /// <summary>
    /// One user or group with the attributes mappings commonly use and those named in <paramref name="alsoRead"/> (a
    /// mapping under test: Graph returns only what is selected); null when it does not exist or cannot be read.
    /// </summary>
    public async Task<SourceObject?> GetAsync(Guid applicationId, ObjectKind kind, string id, IEnumerable<string>? alsoRead = null,
        CancellationToken cancellationToken = default)
    {
        var (source, servicePrincipalId, _) = await ConnectAsync(applicationId, cancellationToken);
        var named = DirectoryAttributes.Selectable(kind, alsoRead ?? []);
        string[] users = kind == ObjectKind.User ? [.. UserAttributes.Union(named, StringComparer.OrdinalIgnoreCase)] : UserAttributes;
        string[] groups = kind == ObjectKind.Group ? [.. GroupAttributes.Union(named, StringComparer.OrdinalIgnoreCase)] : GroupAttributes;
        return source is null ? null : await source.GetAsync(kind, id, new DirectoryQuery(servicePrincipalId!, users, groups), cancellationToken);
    }

    public async Task SaveRequiredRolesAsync(Guid applicationId, IReadOnlyList<string> roleValues, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var app = await db.Applications.FirstOrDefaultAsync(a => a.Id == applicationId, cancellationToken)
            ?? throw new InvalidOperationException("The application does not exist or belongs to another tenant.");
        audit.Record(db, AuditActivities.UpdateProvisioningSettingOrCredentials, nameof(Application), applicationId.ToString(),
            AuditChange.Of(nameof(app.RequiredRoleValues), app.RequiredRoleValues, roleValues));
        app.RequiredRoleValues = roleValues.ToList();
        await db.SaveChangesAsync(cancellationToken);
    }

    /// <summary>How many of a group's members provision on demand offers to choose from.</summary>
    public const int MaxListedMembers = 50;

    /// <summary>The most users a group's list shows, read <see cref="MaxListedMembers"/> more at a time.</summary>
    public const int MaxListedMembersInAll = 1000;

    /// <summary>
    /// A group's members with their names, for choosing which ones provision on demand exports with the group, or for
    /// seeing what each has in the application: its first <paramref name="listed"/> users (a page of them per request)
    /// and how many members it has in all, nested groups included. <paramref name="asTheJobReads"/>: the members of nested
    /// groups too when the job expands them, as its cycles do; otherwise direct members.
    /// </summary>
    public async Task<GroupMembersView> GroupMembersAsync(Guid applicationId, string groupId, CancellationToken cancellationToken = default,
        bool asTheJobReads = false, int listed = MaxListedMembers)
    {
        var (source, servicePrincipalId, problem) = await ConnectAsync(applicationId, cancellationToken);
        if (source is null)
        {
            return new GroupMembersView([], 0, problem);
        }

        var nested = false;
        if (asTheJobReads)
        {
            await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
            nested = await db.ProvisioningJobs.Where(j => j.ApplicationId == applicationId).Select(j => j.ExpandNestedGroups).FirstOrDefaultAsync(cancellationToken);
        }

        var query = new DirectoryQuery(servicePrincipalId!, ["displayName", "userPrincipalName", "accountEnabled"], ["displayName"], ExpandNestedGroups: nested);
        try
        {
            var memberCount = (await source.GetAsync(ObjectKind.Group, groupId, query, cancellationToken))?.Members?.Added.Count ?? 0;
            var (users, more) = await source.GroupUsersAsync(groupId, query, Math.Clamp(listed, 1, MaxListedMembersInAll), cancellationToken);
            return new GroupMembersView(users
                .Select(u => new DirectoryMember(u.Id, u.DisplayName ?? u.Attributes.GetValueOrDefault("userPrincipalName") as string, u.AccountEnabled))
                .OrderBy(m => m.DisplayName ?? m.Id, StringComparer.OrdinalIgnoreCase).ToList(), memberCount, null, nested) { More = more };
        }
        catch (DirectorySourceException e)
        {
            return new GroupMembersView([], 0, e.Message, nested);
        }
    }

    /// <summary>
    /// Links the application to its enterprise application (service principal) in the directory, whose assignments
    /// decide who is in scope. The object id is the one on Entra ID's Enterprise applications > the app > Overview.
    /// </summary>
    public async Task LinkEnterpriseApplicationAsync(Guid applicationId, string? objectId, CancellationToken cancellationToken = default)
    {
        if (!Guid.TryParse(objectId?.Trim(), out var id))
        {
            throw new DirectorySource.DirectoryConnectionException(EnterpriseApplicationField,
                $"{EnterpriseApplicationField}: '{objectId}' is not an ID. Copy the Object ID from Entra ID > Enterprise applications > the app > Overview.");
        }

        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var app = await db.Applications.FirstOrDefaultAsync(a => a.Id == applicationId, cancellationToken)
            ?? throw new InvalidOperationException("The application does not exist or belongs to another tenant.");
        var value = id.ToString();
        audit.Record(db, AuditActivities.LinkEnterpriseApplication, nameof(Application), applicationId.ToString(),
            AuditChange.Of(nameof(app.ServicePrincipalId), app.ServicePrincipalId, value));
        app.ServicePrincipalId = value;
        await db.SaveChangesAsync(cancellationToken);
    }

    public const string EnterpriseApplicationField = "Enterprise application object ID";

    public async Task<string?> EnterpriseApplicationAsync(Guid applicationId, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        return await db.Applications.Where(a => a.Id == applicationId).Select(a => a.ServicePrincipalId).FirstOrDefaultAsync(cancellationToken);
    }

    public async Task<IReadOnlyList<string>> RequiredRolesAsync(Guid applicationId, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        return await db.Applications.Where(a => a.Id == applicationId).Select(a => a.RequiredRoleValues).FirstOrDefaultAsync(cancellationToken) ?? [];
    }

    private async Task<(IDirectorySource? Source, string? ServicePrincipalId, string? Problem)> ConnectAsync(Guid applicationId, CancellationToken cancellationToken)
    {
        if (services.GetService<IDirectorySourceFactory>() is not { } factory)
        {
            return (null, null, "No directory source is installed in this portal, so assignments cannot be read.");
        }

        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var app = await db.Applications.AsNoTracking().FirstOrDefaultAsync(a => a.Id == applicationId, cancellationToken);
        var tenant = db.TenantId is { } id ? await db.Tenants.AsNoTracking().FirstOrDefaultAsync(t => t.Id == id, cancellationToken) : null;
        if (app is null || tenant is null)
        {
            return (null, null, "The application or its tenant no longer exists.");
        }

        if (string.IsNullOrEmpty(app.ServicePrincipalId))
        {
            return (null, null, "The application has no service principal in the directory yet, so it has no assignments.");
        }

        var directory = tenant.Directory;
        if (directory.ClientId is null || directory.ClientSecret is null)
        {
            return (null, null, "The directory connection is not set up yet: a tenant admin enters the app registration's client ID and secret under Directory connection.");
        }

        var settings = DirectorySourceSettings.Of(tenant.DirectoryId, directory, secrets.Unprotect(directory.ClientSecret));
        return (factory.Create(settings), app.ServicePrincipalId, null);
    }
}
