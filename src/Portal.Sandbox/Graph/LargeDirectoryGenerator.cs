using System.Globalization;

namespace Portal.Sandbox.Graph;

/// <summary>
/// Builds big directories for benchmarks (100,000 users, 1,000 groups, 200,000 memberships in about a second),
/// deterministic for a seed. The GoTo demo app is added with every tenth user and every tenth group assigned.
/// </summary>
internal static class LargeDirectoryGenerator
{
    public static SandboxGraphDirectory Create(int userCount, int groupCount, int membershipCount, int seed, TimeProvider? time = null)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(userCount);
        ArgumentOutOfRangeException.ThrowIfNegative(groupCount);
        if (membershipCount > (long)userCount * groupCount)
        {
            throw new ArgumentOutOfRangeException(nameof(membershipCount), membershipCount, "More memberships than user×group pairs.");
        }

        var random = new Random(seed);
        var directory = new SandboxGraphDirectory(SandboxDemoIds.TenantId, time);
        directory.RegisterClient(SandboxDemoIds.ReaderClient);
        directory.RegisterClient(SandboxDemoIds.AdminClient);
        var users = new List<GeneratedUser>(userCount);
        for (var i = 0; i < userCount; i++)
        {
            var given = DemoNames.GivenNames[random.Next(DemoNames.GivenNames.Length)];
            var surname = DemoNames.Surnames[random.Next(DemoNames.Surnames.Length)];
            var nickname = DemoNames.Nickname(given, surname) + i.ToString(CultureInfo.InvariantCulture);
            var (department, titles) = DemoNames.Departments[i % DemoNames.Departments.Length];
            users.Add(new GeneratedUser(DemoNames.Guid(random), new Dictionary<string, object?>(StringComparer.OrdinalIgnoreCase)
            {
                ["displayName"] = $"{given} {surname}",
                ["givenName"] = given,
                ["surname"] = surname,
                ["userPrincipalName"] = $"{nickname}@{DemoDirectorySeed.Domain}",
                ["mail"] = $"{nickname}@{DemoDirectorySeed.Domain}",
                ["department"] = department,
                ["jobTitle"] = titles[i % titles.Length],
                ["employeeId"] = (100000 + i).ToString(CultureInfo.InvariantCulture),
                ["accountEnabled"] = i % 50 != 49,
            }, null));
        }

        // Managers: each user reports to the user with a tenth of its index (a shallow, wide tree).
        for (var i = 1; i < users.Count; i++)
        {
            users[i] = users[i] with { ManagerId = users[i / 10].Id };
        }

        var groups = new List<GeneratedUser>(groupCount);
        for (var g = 0; g < groupCount; g++)
        {
            groups.Add(new GeneratedUser(DemoNames.Guid(random), new Dictionary<string, object?>(StringComparer.OrdinalIgnoreCase)
            {
                ["displayName"] = $"Group {g:0000}",
                ["description"] = $"Generated group {g}",
                ["mailNickname"] = $"group{g:0000}",
            }, null));
        }

        var pairs = new HashSet<long>(membershipCount);
        var memberships = new List<(string, string)>(membershipCount);
        while (memberships.Count < membershipCount)
        {
            var g = random.Next(groupCount);
            var u = random.Next(userCount);
            if (pairs.Add(((long)g * userCount) + u))
            {
                memberships.Add((groups[g].Id, users[u].Id));
            }
        }

        directory.Load(users, groups, memberships);
        directory.AddServicePrincipal(SandboxDemoIds.GoToApp);
        for (var i = 0; i < users.Count; i += 10)
        {
            directory.Assign(SandboxDemoIds.GoToServicePrincipalId, users[i].Id, SandboxDemoIds.GoToUserRoleId);
        }

        for (var g = 0; g < groups.Count; g += 10)
        {
            directory.Assign(SandboxDemoIds.GoToServicePrincipalId, groups[g].Id, SandboxDemoIds.GoToUserRoleId);
        }

        return directory;
    }
}
