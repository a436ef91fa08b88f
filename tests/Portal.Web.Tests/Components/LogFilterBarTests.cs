using Bunit;
using MudBlazor;
using Portal.Web.Components.Pages.Logs;
using Portal.Web.Features.Logs;

namespace Portal.Web.Tests.Components;

public sealed class LogFilterBarTests : UiTestBase
{
    private readonly List<LogFilter> _applied = [];

    [Fact]
    public async Task ApplyFilters_NamesTheCycleIdAndKeepsIt_WhenItIsNotAnId()
    {
        var cut = Render(new LogFilter());

        await cut.ChangeInputAsync("Cycle ID", "cycle-42");
        await cut.ClickButtonAsync("Apply filters");

        Assert.Contains("Cycle ID 'cycle-42' is not a valid id", cut.Markup);
        Assert.Equal("cycle-42", cut.InputLabelled("Cycle ID").GetAttribute("value"));
        Assert.Empty(_applied);
    }

    [Fact]
    public async Task ApplyFilters_PassesIdentityCycleAndJob_WhenValid()
    {
        var job = Guid.NewGuid();
        var cycle = Guid.NewGuid();
        var cut = Render(new LogFilter { JobId = job });

        await cut.ChangeInputAsync("Identity", "  Adele  ");
        await cut.ChangeInputAsync("Cycle ID", cycle.ToString());
        await cut.ClickButtonAsync("Apply filters");

        var filter = Assert.Single(_applied);
        Assert.Equal("Adele", filter.Identity);
        Assert.Equal(cycle, filter.CycleId);
        Assert.Equal(job, filter.JobId);
    }

    [Fact]
    public async Task Reset_ClearsEveryFilterButTheApplication_WhenClicked()
    {
        var job = Guid.NewGuid();
        var cut = Render(new LogFilter { JobId = job, Identity = "Adele", Status = Portal.Data.Entities.ProvisioningLogStatus.Failure });

        await cut.ClickButtonAsync("Reset");

        var filter = Assert.Single(_applied);
        Assert.Equal(new LogFilter { JobId = job }, filter);
        Assert.Equal(string.Empty, cut.InputLabelled("Identity").GetAttribute("value") ?? string.Empty);
    }

    [Fact]
    public async Task Reset_ClearsWhatWasTyped_WhenNothingWasApplied()
    {
        var cut = Render(new LogFilter());
        await cut.ChangeInputAsync("Identity", "Megan");
        await cut.ChangeInputAsync("Cycle ID", "cycle-42");
        await cut.ClickButtonAsync("Apply filters");

        await cut.ClickButtonAsync("Reset");

        Assert.Equal(new LogFilter(), Assert.Single(_applied));
        Assert.Equal(string.Empty, cut.InputLabelled("Identity").GetAttribute("value") ?? string.Empty);
        Assert.Equal(string.Empty, cut.InputLabelled("Cycle ID").GetAttribute("value") ?? string.Empty);
        Assert.DoesNotContain("is not a valid id", cut.Markup, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ApplicationFilter_ShowsTheLinkedApplication_AndNarrowsOrClearsIt_WhenEveryApplicationIsListed()
    {
        var payroll = Guid.NewGuid();
        var meetings = Guid.NewGuid();
        var cut = Render(new LogFilter { JobId = payroll }, new Dictionary<Guid, string> { [payroll] = "Payroll", [meetings] = "GoTo Meeting" });
        Assert.Equal("Payroll", cut.InputLabelled("Application").GetAttribute("value"));

        await cut.InvokeAsync(() => cut.FindComponent<MudSelect<Guid?>>().Instance.ValueChanged.InvokeAsync(meetings));
        await cut.ClickButtonAsync("Apply filters");
        await cut.ClickButtonAsync("Reset");

        Assert.Equal([meetings, null], _applied.Select(f => f.JobId));
    }

    [Fact]
    public void ApplicationFilter_IsNotShown_WhereOneApplicationIsListed()
    {
        var cut = Render(new LogFilter { JobId = Guid.NewGuid() });

        Assert.DoesNotContain("Application", cut.Markup, StringComparison.Ordinal);
    }

    private IRenderedComponent<LogFilterBar> Render(LogFilter initial, IReadOnlyDictionary<Guid, string>? applications = null) =>
        Context.Render<LogFilterBar>(p => p.Add(b => b.Initial, initial).Add(b => b.OnApply, f => _applied.Add(f)).Add(b => b.Applications, applications));
}
