using System.Runtime;

namespace Portal.Benchmarks.Sync;

/// <summary>
/// What the runtime's JIT compiler did in one phase: methods compiled and the time spent compiling them, on every
/// thread (the tiered compiler's background thread recompiles hot methods with what their first runs showed).
/// </summary>
public sealed record JitActivity(long Methods, double Seconds)
{
    public static JitActivity Zero { get; } = new(0, 0);

    /// <summary>Starts counting; <see cref="Take"/> on the result gives the activity since.</summary>
    public static JitActivity Now() => new(JitInfo.GetCompiledMethodCount(), JitInfo.GetCompilationTime().TotalSeconds);

    public JitActivity Take()
    {
        var now = Now();
        return new(now.Methods - Methods, now.Seconds - Seconds);
    }

    public override string ToString() => $"{Methods:N0} methods compiled in {Seconds:F1} s";
}
