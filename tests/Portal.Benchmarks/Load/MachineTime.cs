using System.Globalization;

namespace Portal.Benchmarks.Load;

/// <summary>
/// The whole machine's CPU time over a window, from Linux's <c>/proc/stat</c>: busy, idle and stolen seconds. On a
/// virtual machine "steal" is time the host gave the machine's cores to someone else; a run that lost much of it
/// measured a smaller machine than the others. Elsewhere (no <c>/proc/stat</c>) it reports nothing.
/// </summary>
internal sealed class MachineTime
{
    // /proc/stat's first line: cpu user nice system idle iowait irq softirq steal ... in clock ticks (USER_HZ, 100).
    private const double TicksPerSecond = 100;
    private long[]? _before;

    public void Start() => _before = Read();

    public string? Report()
    {
        var after = Read();
        if (_before is null || after is null)
        {
            return null;
        }

        double Seconds(params int[] fields) => fields.Sum(f => after[f] - _before[f]) / TicksPerSecond;
        return $"machine CPU in the window: busy {Seconds(0, 1, 2, 5, 6):F1} s, idle {Seconds(3, 4):F1} s, stolen by the host {Seconds(7):F1} s";
    }

    private static long[]? Read()
    {
        if (!File.Exists("/proc/stat"))
        {
            return null;
        }

        var fields = File.ReadLines("/proc/stat").First().Split(' ', StringSplitOptions.RemoveEmptyEntries);
        return [.. fields.Skip(1).Take(8).Select(f => long.Parse(f, CultureInfo.InvariantCulture))];
    }
}
