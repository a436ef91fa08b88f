using System.Net.Mail;
using Portal.Sandbox.Graph;

namespace Portal.Web.Features.Sandbox;

/// <summary>
/// The Sandbox page's view of the demo directory: search and page users, add and edit them, disable, delete and restore,
/// add and delete groups, change group memberships and the demo apps' role assignments of users and groups. Every
/// change goes through the emulator's own mutation API, so the next delta round reports it exactly as Graph would.
/// Registered only when the sandbox is on.
/// </summary>
public sealed class SandboxDirectoryEditor(SandboxGraphEmulator emulator)
{
    /// <summary>The demo apps whose assignments the page edits (GoTo and SCIM), as the directory holds them.</summary>
    internal static readonly string[] DemoApps = [SandboxDemoIds.GoToServicePrincipalId, SandboxDemoIds.ScimServicePrincipalId];

    private SandboxGraphDirectory Directory => emulator.Directory;

    public SandboxUserPage Search(string? text, bool deleted, int page, int pageSize)
    {
        var source = deleted ? Directory.DeletedUsers() : Directory.Users();
        var matches = source.Select(Row).Where(r => Matches(r, text))
            .OrderBy(r => r.DisplayName, StringComparer.CurrentCultureIgnoreCase).ThenBy(r => r.Id, StringComparer.Ordinal)
            .ToList();
        return new SandboxUserPage(matches.Skip(page * pageSize).Take(pageSize).ToList(), matches.Count);
    }

    public SandboxUserRow? Find(string id) => Directory.GetUser(id) is { } user ? Row(user) : null;

    public SandboxUserForm Load(string id)
    {
        var user = Directory.GetUser(id) ?? throw new SandboxEditException(null, $"User {id} no longer exists.");
        string? Text(string name) => user.Properties.GetValueOrDefault(name) as string;
        return new SandboxUserForm
        {
            DisplayName = Text("displayName"),
            GivenName = Text("givenName"),
            Surname = Text("surname"),
            UserPrincipalName = user.UserPrincipalName,
            Department = Text("department"),
            JobTitle = Text("jobTitle"),
            Mail = Text("mail"),
            ManagerId = user.ManagerId,
        };
    }

    /// <summary>Live users to pick a manager from, by display name.</summary>
    public IReadOnlyList<SandboxUserRow> ManagerChoices() =>
        Directory.Users().Select(Row).OrderBy(r => r.DisplayName, StringComparer.CurrentCultureIgnoreCase).ToList();

    public string Add(SandboxUserForm form)
    {
        Validate(form, id: null);
        var upn = form.UserPrincipalName!.Trim();
        if (Directory.Users().Concat(Directory.DeletedUsers()).Any(u => string.Equals(u.UserPrincipalName, upn, StringComparison.OrdinalIgnoreCase)))
        {
            throw new SandboxEditException("User principal name", $"User principal name '{upn}' is already taken; choose another.");
        }

        var properties = Properties(form);
        properties["userPrincipalName"] = upn;
        properties["mailNickname"] = upn.Split('@')[0];
        properties["accountEnabled"] = true;
        return Directory.AddUser(properties, managerId: Blank(form.ManagerId));
    }

    public void Update(string id, SandboxUserForm form)
    {
        Validate(form, id);
        var current = Load(id);
        Directory.UpdateUser(id, Properties(form));
        if (!string.Equals(current.ManagerId, Blank(form.ManagerId), StringComparison.OrdinalIgnoreCase))
        {
            Directory.SetManager(id, Blank(form.ManagerId));
        }
    }

    public void Disable(string id) => Run(() => Directory.DisableUser(id));

    public void Enable(string id) => Run(() => Directory.EnableUser(id));

    public void SoftDelete(string id) => Run(() => Directory.SoftDeleteUser(id));

    public void Restore(string id) => Run(() => Directory.RestoreUser(id));

    public void HardDelete(string id) => Run(() => Directory.HardDeleteUser(id));

    public IReadOnlyList<SandboxGroup> Groups() =>
        Directory.Groups().OrderBy(g => g.DisplayName, StringComparer.CurrentCultureIgnoreCase).ToList();

    public IReadOnlyList<SandboxGroup> GroupsOf(string userId) =>
        Groups().Where(g => g.MemberIds.Contains(userId, StringComparer.OrdinalIgnoreCase)).ToList();

    /// <summary>Every group with its member count and its roles in the demo apps, by name.</summary>
    public IReadOnlyList<SandboxGroupRow> GroupRows() =>
        Groups().Select(g => new SandboxGroupRow(g.Id, g.DisplayName, g.Properties.GetValueOrDefault("description") as string, g.MemberIds.Count, AssignmentsOf(g.Id)))
            .ToList();

    public string AddGroup(string? displayName, string? description)
    {
        var name = Blank(displayName) ?? throw new SandboxEditException("Group name", "Group name is required.");
        if (Groups().Any(g => string.Equals(g.DisplayName, name, StringComparison.OrdinalIgnoreCase)))
        {
            throw new SandboxEditException("Group name", $"Group name '{name}' is already taken; choose another.");
        }

        var nickname = new string([.. name.Where(char.IsAsciiLetterOrDigit).Select(char.ToLowerInvariant)]);
        return Directory.AddGroup(new Dictionary<string, object?>
        {
            ["displayName"] = name,
            ["description"] = Blank(description),
            ["mailNickname"] = nickname.Length > 0 ? nickname : "group",
        });
    }

    /// <summary>Deletes the group for good, with its memberships and assignments (groups have no recycle bin here).</summary>
    public void DeleteGroup(string id) => Run(() => Directory.DeleteGroup(id));

    public void AddToGroup(string groupId, string userId) => Run(() => Directory.AddMember(groupId, userId));

    public void RemoveFromGroup(string groupId, string userId) => Run(() => Directory.RemoveMember(groupId, userId));

    /// <summary>Every role of the demo apps, "Default Access" first per app, as the Entra assignment dialog offers them.</summary>
    public IReadOnlyList<SandboxRoleChoice> RoleChoices() =>
        DemoApps.Select(Directory.FindServicePrincipal).OfType<SandboxServicePrincipal>()
            .SelectMany(sp => new[] { new SandboxRoleChoice(sp.Id, sp.DisplayName, SandboxDemoIds.DefaultAccessRoleId, "Default Access") }
                .Concat(sp.AppRoles.Select(r => new SandboxRoleChoice(sp.Id, sp.DisplayName, r.Id, r.DisplayName))))
            .ToList();

    /// <summary>The user's or group's direct assignments to the demo apps.</summary>
    public IReadOnlyList<SandboxUserAssignment> AssignmentsOf(string principalId)
    {
        var roles = RoleChoices().ToDictionary(r => r.Key);
        return DemoApps.SelectMany(Directory.Assignments)
            .Where(a => string.Equals(a.PrincipalId, principalId, StringComparison.OrdinalIgnoreCase))
            .Select(a =>
            {
                var role = roles.GetValueOrDefault($"{a.ResourceId}|{a.AppRoleId}");
                return new SandboxUserAssignment(a.ResourceId, role?.AppName ?? a.ResourceId, a.Id, a.AppRoleId, role?.RoleName ?? a.AppRoleId);
            })
            .ToList();
    }

    public void Assign(string servicePrincipalId, string principalId, string roleId)
    {
        if (AssignmentsOf(principalId).Any(a => a.ServicePrincipalId == servicePrincipalId && a.RoleId == roleId))
        {
            throw new SandboxEditException("Role", "This role in this app is already assigned.");
        }

        Run(() => Directory.Assign(servicePrincipalId, principalId, roleId));
    }

    public void Unassign(string servicePrincipalId, string assignmentId) => Run(() => Directory.Unassign(servicePrincipalId, assignmentId));

    private static SandboxUserRow Row(SandboxUser user) => new(
        user.Id, user.DisplayName, user.UserPrincipalName, user.Properties.GetValueOrDefault("department") as string,
        user.Properties.GetValueOrDefault("jobTitle") as string, user.AccountEnabled, user.IsSoftDeleted);

    private static bool Matches(SandboxUserRow row, string? text) =>
        string.IsNullOrWhiteSpace(text)
        || new[] { row.DisplayName, row.UserPrincipalName, row.Department, row.JobTitle }
            .Any(v => v?.Contains(text.Trim(), StringComparison.CurrentCultureIgnoreCase) == true);

    private void Validate(SandboxUserForm form, string? id)
    {
        if (string.IsNullOrWhiteSpace(form.DisplayName))
        {
            throw new SandboxEditException("Display name", "Display name is required.");
        }

        if (id is null && (form.UserPrincipalName?.Trim() is not { } upn || upn.IndexOf('@', StringComparison.Ordinal) is <= 0 || upn.EndsWith('@')))
        {
            throw new SandboxEditException("User principal name", $"User principal name '{form.UserPrincipalName}' must look like name@domain.");
        }

        if (Blank(form.Mail) is { } mail && !MailAddress.TryCreate(mail, out _))
        {
            throw new SandboxEditException("Mail", $"Mail '{mail}' is not an email address.");
        }

        if (Blank(form.ManagerId) is { } manager)
        {
            if (string.Equals(manager, id, StringComparison.OrdinalIgnoreCase))
            {
                throw new SandboxEditException("Manager", "A user cannot be their own manager.");
            }

            if (Directory.GetUser(manager) is not { IsSoftDeleted: false })
            {
                throw new SandboxEditException("Manager", "The chosen manager no longer exists; pick another.");
            }
        }
    }

    // Empty fields clear the attribute, as clearing it in Entra does; delta then reports it as null.
    private static Dictionary<string, object?> Properties(SandboxUserForm form) => new()
    {
        ["displayName"] = form.DisplayName!.Trim(),
        ["givenName"] = Blank(form.GivenName),
        ["surname"] = Blank(form.Surname),
        ["department"] = Blank(form.Department),
        ["jobTitle"] = Blank(form.JobTitle),
        ["mail"] = Blank(form.Mail),
    };

    private static string? Blank(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();

    private static void Run(Action change)
    {
        try
        {
            change();
        }
        catch (Exception e) when (e is KeyNotFoundException or InvalidOperationException)
        {
            throw new SandboxEditException(null, e.Message);
        }
    }
}
