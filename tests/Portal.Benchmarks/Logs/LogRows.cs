using System.Globalization;
using Portal.Data.Entities;

namespace Portal.Benchmarks.Logs;

/// <summary>
/// A realistic provisioning log: 90 days of cycles of ten jobs in one tenant (plus a tenth as many rows in a second
/// tenant the queries must not see), mostly successful updates and skips, some failures, steps and modified
/// properties of the engine's size. Deterministic for a seed.
/// </summary>
internal static class LogRows
{
    public static readonly Guid Tenant = new("6a1f0c3e-0000-4000-8000-000000000001");
    public static readonly Guid OtherTenant = new("6a1f0c3e-0000-4000-8000-000000000002");
    public static readonly Guid[] Jobs = [.. Enumerable.Range(1, 10).Select(i => new Guid($"0b000000-0000-4000-8000-{i:000000000000}"))];
    public static readonly DateTimeOffset Newest = new(2026, 11, 23, 12, 0, 0, TimeSpan.Zero);
    private static readonly string[] Given = ["Adele", "Alex", "Diego", "Grady", "Henrietta", "Isaiah", "Johanna", "Lee", "Lynne", "Megan", "Miriam", "Nestor", "Patti", "Pradeep"];
    private static readonly string[] Surnames = ["Vance", "Wilber", "Siciliani", "Archie", "Mueller", "Langer", "Lanier", "Gu", "Robbins", "Bowen", "Graham", "Wilke", "Fernandez", "Gupta", "Nowak"];

    public static IEnumerable<ProvisioningLogEntry> Generate(int rows, int seed = 7)
    {
        var random = new Random(seed);
        var span = TimeSpan.FromDays(90);
        for (var i = 0; i < rows; i++)
        {
            var other = i % 11 == 10;
            var job = Jobs[random.Next(Jobs.Length)];
            // Rows are written in time order, as cycles append them.
            var at = Newest - span + (span * ((double)i / rows));
            var cycle = CycleOf(job, at);
            var roll = random.Next(100);
            var (action, status) = roll switch
            {
                < 3 => (ProvisioningAction.Create, ProvisioningLogStatus.Failure),
                < 20 => (ProvisioningAction.Create, ProvisioningLogStatus.Success),
                < 65 => (ProvisioningAction.Update, ProvisioningLogStatus.Success),
                < 68 => (ProvisioningAction.Update, ProvisioningLogStatus.Failure),
                < 73 => (ProvisioningAction.Disable, ProvisioningLogStatus.Success),
                < 75 => (ProvisioningAction.Delete, ProvisioningLogStatus.Success),
                _ => (ProvisioningAction.Other, ProvisioningLogStatus.Skipped),
            };
            var user = random.Next(100_000);
            var name = $"{Given[user % Given.Length]} {Surnames[user / Given.Length % Surnames.Length]}";
            var failed = status == ProvisioningLogStatus.Failure;
            yield return new ProvisioningLogEntry
            {
                TenantId = other ? OtherTenant : Tenant,
                JobId = job,
                CycleId = cycle,
                ChangeId = new Guid(random.NextInt64().ToString("x16", CultureInfo.InvariantCulture) + random.NextInt64().ToString("x16", CultureInfo.InvariantCulture)),
                ActivityDateTime = at,
                DurationInMilliseconds = random.Next(5, 900),
                Action = action,
                Status = status,
                IdentityType = user % 100 == 0 ? ObjectKind.Group : ObjectKind.User,
                SourceId = $"{user:00000000}-5f2a-4c1e-9b7d-{user * 7919 % 1_000_000_000_000:000000000000}",
                SourceDisplayName = name,
                TargetId = status == ProvisioningLogStatus.Skipped ? null : $"{(long)user * 104729 % 1_000_000_007:x12}",
                TargetDisplayName = status == ProvisioningLogStatus.Skipped ? null : $"{name.Replace(' ', '.').ToLowerInvariant()}{user}@contoso.example",
                ErrorCode = failed ? "SystemForCrossDomainIdentityManagementServiceIncompatible" : null,
                ErrorReason = failed ? "POST /Users: HTTP 400 invalidValue: userName must be unique." : null,
                RecommendedAction = failed ? "Fix the value in the source or the mapping, then retry." : null,
                StepsJson = Steps(name, status),
                ModifiedPropertiesJson = action is ProvisioningAction.Update or ProvisioningAction.Create
                    ? $"[{{\"displayName\":\"department\",\"oldValue\":\"Sales\",\"newValue\":\"Research {user % 40}\"}},{{\"displayName\":\"title\",\"oldValue\":null,\"newValue\":\"Engineer\"}}]"
                    : null,
            };
        }
    }

    /// <summary>The cycle of a job that wrote at a time: one every 40 minutes.</summary>
    public static Guid CycleOf(Guid job, DateTimeOffset at) =>
        new(job.ToString()[..24] + ((long)(at - (Newest - TimeSpan.FromDays(90))).TotalMinutes / 40).ToString("000000000000", CultureInfo.InvariantCulture));

    private static string Steps(string name, ProvisioningLogStatus status) =>
        $"[{{\"name\":\"EntryImport\",\"type\":\"import\",\"status\":\"Success\",\"description\":\"Retrieved User '{name}' from the source system.\"}},"
        + "{\"name\":\"EntrySynchronizationScoping\",\"type\":\"scoping\",\"status\":\"Success\",\"description\":\"In scope: assigned with a valid role.\"},"
        + "{\"name\":\"EntryMatching\",\"type\":\"matching\",\"status\":\"Success\",\"description\":\"Linked to the target object by the linked-object store.\"},"
        + $"{{\"name\":\"EntryExportUpdate\",\"type\":\"export\",\"status\":\"{status}\",\"description\":\"Update of User '{name}' in the target system.\"}}]";
}
