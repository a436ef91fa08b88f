using System.Globalization;

namespace Portal.Sandbox.Graph;

/// <summary>
/// The demo directory of the embedded default: 200 people in eight departments with managers, 15 groups (some
/// nested), and the GoTo and SCIM demo apps with a mix of valid roles, "Default Access" only and unassigned people.
/// Deterministic: the same ids every run.
/// </summary>
internal static class DemoDirectorySeed
{
    public const string Domain = "contoso-sandbox.example";
    public const int UserCount = 200;

    public static SandboxGraphDirectory Create(TimeProvider? time = null)
    {
        var directory = new SandboxGraphDirectory(SandboxDemoIds.TenantId, time);
        // The portal's secret ends half a year after the sandbox starts, as a freshly created one would (Entra offers 6 to 24 months).
        var today = new DateTimeOffset((time ?? TimeProvider.System).GetUtcNow().UtcDateTime.Date, TimeSpan.Zero);
        directory.RegisterClient(SandboxDemoIds.ReaderClient with { SecretExpiresAt = today.AddDays(180) });
        directory.RegisterClient(SandboxDemoIds.AdminClient);
        var random = new Random(2026);
        var users = new List<string>(UserCount);
        var nicknames = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        var heads = new Dictionary<string, string>();
        for (var i = 0; i < UserCount; i++)
        {
            var given = DemoNames.GivenNames[random.Next(DemoNames.GivenNames.Length)];
            var surname = DemoNames.Surnames[random.Next(DemoNames.Surnames.Length)];
            var nickname = DemoNames.Nickname(given, surname);
            for (var n = 2; !nicknames.Add(nickname); n++)
            {
                nickname = DemoNames.Nickname(given, surname) + n.ToString(CultureInfo.InvariantCulture);
            }

            var (department, titles) = i == 0 ? ("Executive", ["Chief Executive Officer"]) : DemoNames.Departments[i % DemoNames.Departments.Length];
            var isHead = i > 0 && i <= DemoNames.Departments.Length;
            string? manager = i == 0 ? null : isHead ? users[0] : heads[department];
            var id = directory.AddUser(new Dictionary<string, object?>
            {
                ["displayName"] = $"{given} {surname}",
                ["givenName"] = given,
                ["surname"] = surname,
                ["userPrincipalName"] = $"{nickname}@{Domain}",
                ["mail"] = $"{nickname}@{Domain}",
                ["mailNickname"] = nickname,
                ["department"] = department,
                ["jobTitle"] = isHead ? $"Head of {department}" : titles[random.Next(titles.Length)],
                ["employeeId"] = (1000 + i).ToString(CultureInfo.InvariantCulture),
                ["officeLocation"] = DemoNames.Offices[random.Next(DemoNames.Offices.Length)],
                ["usageLocation"] = "CH",
                ["preferredLanguage"] = "en-US",
                ["businessPhones"] = new[] { $"+41 44 555 {i:0000}" },
                ["accountEnabled"] = i % 37 != 36,
            }, DemoNames.Guid(random), manager);
            users.Add(id);
            if (isHead)
            {
                heads[department] = id;
            }
        }

        var groupIds = AddGroups(directory, random, users);
        AddApps(directory, users, groupIds);
        return directory;
    }

    private static Dictionary<string, string> AddGroups(SandboxGraphDirectory directory, Random random, List<string> users)
    {
        var ids = new Dictionary<string, string>();
        string Group(string name, string description)
        {
            var id = directory.AddGroup(new Dictionary<string, object?>
            {
                ["displayName"] = name,
                ["description"] = description,
                ["mailNickname"] = DemoNames.Nickname(name, "group"),
            }, DemoNames.Guid(random));
            ids[name] = id;
            return id;
        }

        var all = Group("All Staff", "Everyone; contains the department groups (nested).");
        for (var d = 0; d < DemoNames.Departments.Length; d++)
        {
            var department = DemoNames.Departments[d].Department;
            var group = Group(department, $"Members of {department}.");
            directory.AddMember(all, group);
            for (var i = 1; i < users.Count; i++)
            {
                if (i % DemoNames.Departments.Length == d)
                {
                    directory.AddMember(group, users[i]);
                }
            }
        }

        var platform = Group("Engineering - Platform", "Platform team; nested in Engineering.");
        var apps = Group("Engineering - Apps", "Apps team; nested in Engineering.");
        directory.AddMember(ids["Engineering"], platform);
        directory.AddMember(ids["Engineering"], apps);
        var gotoGroup = Group("GoTo Meeting Users", "People who host meetings; contains Sales (nested).");
        directory.AddMember(gotoGroup, ids["Sales"]);
        var scim = Group("SCIM Pilot", "Pilot users of the SCIM demo app.");
        var managers = Group("Managers", "Everyone who has direct reports.");
        var remote = Group("Remote Workers", "People without a home office.");
        for (var i = 0; i < users.Count; i++)
        {
            if (i % 16 == 0) { directory.AddMember(platform, users[i]); }
            if (i % 16 == 8) { directory.AddMember(apps, users[i]); }
            if (i % 11 == 3) { directory.AddMember(gotoGroup, users[i]); }
            if (i % 13 == 5) { directory.AddMember(scim, users[i]); }
            if (i <= DemoNames.Departments.Length) { directory.AddMember(managers, users[i]); }
            if (i % 9 == 4) { directory.AddMember(remote, users[i]); }
        }

        return ids;
    }

    private static void AddApps(SandboxGraphDirectory directory, List<string> users, Dictionary<string, string> groups)
    {
        directory.AddServicePrincipal(SandboxDemoIds.GoToApp);
        directory.AddServicePrincipal(SandboxDemoIds.ScimApp);
        var gotoSp = SandboxDemoIds.GoToServicePrincipalId;
        var scimSp = SandboxDemoIds.ScimServicePrincipalId;
        directory.Assign(gotoSp, groups["GoTo Meeting Users"], SandboxDemoIds.GoToUserRoleId);
        directory.Assign(gotoSp, groups["Managers"], SandboxDemoIds.GoToAdminRoleId);
        directory.Assign(scimSp, groups["SCIM Pilot"], SandboxDemoIds.ScimUserRoleId);
        directory.Assign(scimSp, groups["Engineering"], SandboxDemoIds.DefaultAccessRoleId);
        for (var i = 20; i < 60; i++)
        {
            // 20–39 with a valid role, 40–49 "Default Access" only (never provisioned), 50–59 msiam_access (no value).
            var role = i < 40 ? SandboxDemoIds.GoToUserRoleId : i < 50 ? SandboxDemoIds.DefaultAccessRoleId : SandboxDemoIds.GoToMsiamAccessRoleId;
            directory.Assign(gotoSp, users[i], role);
        }

        for (var i = 60; i < 90; i++)
        {
            directory.Assign(scimSp, users[i], i < 80 ? SandboxDemoIds.ScimUserRoleId : SandboxDemoIds.DefaultAccessRoleId);
        }

        directory.Assign(scimSp, users[1], SandboxDemoIds.ScimAdminRoleId);
    }
}
