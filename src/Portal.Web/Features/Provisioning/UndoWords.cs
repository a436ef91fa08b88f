using Humanizer;
using Portal.Provisioning.Cycles;
using Portal.Web.Components;

namespace Portal.Web.Features.Provisioning;

/// <summary>What undoing a cycle will do, in the words the confirmation and the cycle history use.</summary>
public static class UndoWords
{
    public static string Confirmation(UndoPlan plan)
    {
        var does = new List<string>();
        if (plan.Creates > 0)
        {
            does.Add($"deletes the {Objects(plan.Creates)} it created");
        }

        if (plan.Updates + plan.Disables > 0)
        {
            does.Add($"puts back the values, state and members it changed ({Changes(plan.Updates, "update")}{(plan.Disables > 0 ? $", {Changes(plan.Disables, "disable")}" : "")})");
        }

        var deleted = plan.Deletes > 0
            ? $" The {Objects(plan.Deletes)} it deleted {(plan.Deletes == 1 ? "is" : "are")} created again with the values last sent: "
                + $"{(plan.Deletes == 1 ? "a new object" : "new objects")} in the target, without what it held beside those values."
            : "";
        var again = plan.Retried ? " An undo of this cycle ran before: only what is not back yet is changed." : "";
        return $"Undo the cycle started {PortalTime.Utc(plan.StartedAt)}: it {string.Join(" and ", does)}.{deleted}{again} "
            + "Provisioning is switched off first, or its next cycle would make the same changes again. When it is started again, its next "
            + "cycle reads the whole directory and makes again only what the directory and the mappings still call for.";
    }

    /// <summary>What the cycle changed, the counts that are not zero: "3 created, 1 disabled".</summary>
    public static string Summary(UndoPlan plan) => string.Join(", ",
        new[] { (plan.Creates, "created"), (plan.Updates, "updated"), (plan.Disables, "disabled"), (plan.Deletes, "deleted") }
            .Where(p => p.Item1 > 0).Select(p => $"{p.Item1:N0} {p.Item2}"));

    private static string Objects(int count) => count == 1 ? "1 account or group" : $"{count:N0} accounts and groups";

    private static string Changes(int count, string word) => word.ToQuantity(count, "N0");
}
