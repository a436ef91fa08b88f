using Bunit;
using Portal.Data.Entities;
using Portal.Provisioning.Cycles;
using Portal.Web.Components.Pages.Applications;
using Portal.Web.Features.Provisioning;
using Portal.Web.Identity;

namespace Portal.Web.Tests.Components;

/// <summary>A history of four cycles: an undo of the one before it, and the cycle an undo would put back now.</summary>
public abstract class CycleHistoryUndoBase : UiTestBase
{
    private static readonly DateTimeOffset Now = new(2026, 12, 7, 12, 0, 0, TimeSpan.Zero);

    protected readonly Cycle Undo = Ended(CycleKind.Undo, 0);
    protected readonly Cycle Undone = Ended(CycleKind.Incremental, 1);
    protected readonly Cycle Changed = Ended(CycleKind.Incremental, 2);
    protected readonly Cycle Initial = Ended(CycleKind.Initial, 3);

    protected CycleHistoryUndoBase()
    {
        (Undo.StartedBy, Undo.UndoOf, Undo.Updated) = (nameof(CycleKind.Undo), Undone.Id, 4);
        (Undone.UndoneBy, Undone.Updated) = (Undo.Id, 4);
        (Changed.Updated, Initial.Created) = (3, 5);
    }

    protected IRenderedComponent<CycleHistoryTable> Render(UndoPlan plan, Action<UndoPlan> onUndo) =>
        Context.Render<CycleHistoryTable>(p => p
            .Add(t => t.JobId, Guid.NewGuid())
            .Add(t => t.Cycles, [Undo, Undone, Changed, Initial])
            .Add(t => t.Undoable, plan)
            .Add(t => t.OnUndo, onUndo));

    private static Cycle Ended(CycleKind kind, int hoursAgo) =>
        new() { Kind = kind, State = CycleState.Succeeded, StartedAt = Now.AddHours(-hoursAgo), EndedAt = Now.AddHours(-hoursAgo).AddMinutes(1) };
}

/// <summary>The cycle history offers Undo on the one cycle an undo would put back, to tenant admins, and says what was undone.</summary>
public sealed class CycleHistoryUndoTests : CycleHistoryUndoBase
{
    [Fact]
    public void CycleHistory_OffersUndoOnTheCycleToUndo_AndSaysWhichCycleAnUndoPutBack()
    {
        var undone = new List<UndoPlan>();
        var plan = new UndoPlan(Changed.Id, Changed.StartedAt, 0, 3, 0, 0, Retried: false);

        var cut = Render(plan, undone.Add);

        var rows = cut.FindAll("[data-testid=cycle-history-row]");
        Assert.Equal(["Undo · of the cycle started 2026-12-07 11:00 UTC", "Incremental", "Incremental", "Initial"], rows.Select(r => r.Children[1].TextContent));
        Assert.Contains("Undone: its changes were put back.", rows[1].TextContent, StringComparison.Ordinal);
        Assert.Single(cut.FindAll("[data-testid=undo-cycle]"));
        Assert.Empty(cut.FindAll("[data-testid=undo-older]"));
        Assert.NotNull(rows[2].QuerySelector("[data-testid=undo-cycle]"));
        rows[2].QuerySelector("[data-testid=undo-cycle]")!.Click();
        Assert.Equal([plan], undone);
    }

    [Fact]
    public void CycleHistory_StillOffersUndo_WhenTheCycleToUndoIsOlderThanThoseListed()
    {
        var undone = new List<UndoPlan>();
        var older = new UndoPlan(Guid.NewGuid(), Initial.StartedAt.AddDays(-2), 5, 2, 0, 0, Retried: false);

        var cut = Render(older, undone.Add);

        var line = cut.Find("[data-testid=undo-older]");
        Assert.StartsWith("The newest cycle that changed the target started 2026-12-05 09:00 UTC, before the cycles listed here (5 created, 2 updated).",
            line.TextContent.Trim(), StringComparison.Ordinal);
        line.QuerySelector("[data-testid=undo-cycle]")!.Click();
        Assert.Equal([older], undone);
    }

    [Fact]
    public void UndoConfirmation_SaysWhatTheUndoDoes_AndThatProvisioningGoesOff()
    {
        var words = UndoWords.Confirmation(new UndoPlan(Changed.Id, Changed.StartedAt, 2, 3, 1, 1, Retried: true));

        Assert.Contains("it deletes the 2 accounts and groups it created and puts back the values, state and members it changed (3 updates, 1 disable)", words, StringComparison.Ordinal);
        Assert.Contains("The 1 account or group it deleted is created again with the values last sent: a new object in the target", words, StringComparison.Ordinal);
        Assert.Contains("only what is not back yet is changed", words, StringComparison.Ordinal);
        Assert.Contains("Provisioning is switched off first", words, StringComparison.Ordinal);
    }
}

/// <summary>Help desk reads the history without the Undo button; the server refuses them anyway.</summary>
public sealed class CycleHistoryUndoForHelpDeskTests : CycleHistoryUndoBase
{
    protected override string[] Policies => [PortalPolicies.HelpDesk];

    [Fact]
    public void CycleHistory_OffersNoUndo_ToHelpDesk()
    {
        var cut = Render(new UndoPlan(Changed.Id, Changed.StartedAt, 0, 3, 0, 0, Retried: false), _ => { });

        Assert.Empty(cut.FindAll("[data-testid=undo-cycle]"));
    }
}
