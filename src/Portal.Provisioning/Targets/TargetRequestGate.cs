namespace Portal.Provisioning.Targets;

/// <summary>
/// Bounded parallelism plus a token bucket per target (Entra requires gallery targets to take 25 requests/s).
/// The bucket starts full and holds <c>burst</c> tokens (default: one second's worth), refilled continuously at the
/// rate. A null rate switches the bucket off. Time comes from <see cref="TimeProvider"/> so tests need not wait.
/// </summary>
internal sealed class TargetRequestGate(int maxParallelism, double? requestsPerSecond, TimeProvider time, int? burst = null)
{
    private readonly SemaphoreSlim slots = new(Math.Max(1, maxParallelism));
    private readonly Lock bucketLock = new();
    private readonly double capacity = Math.Max(1, burst ?? requestsPerSecond ?? 1);
    private double tokens = Math.Max(1, burst ?? requestsPerSecond ?? 1);
    private long lastRefill = time.GetTimestamp();

    public async Task<IDisposable> EnterAsync(CancellationToken cancellationToken)
    {
        await slots.WaitAsync(cancellationToken);
        try
        {
            while (requestsPerSecond is { } rate && TryTake(rate) is { } wait)
            {
                await Task.Delay(wait, time, cancellationToken);
            }

            return new Slot(slots);
        }
        catch
        {
            slots.Release();
            throw;
        }
    }

    /// <summary>Null when a token was taken, else how long until one is there.</summary>
    private TimeSpan? TryTake(double rate)
    {
        lock (bucketLock)
        {
            var now = time.GetTimestamp();
            tokens = Math.Min(capacity, tokens + (time.GetElapsedTime(lastRefill, now).TotalSeconds * rate));
            lastRefill = now;
            // A hair under one token counts as one, so rounding never leaves a waiter asking for a zero-length delay forever.
            if (tokens >= 1 - 1e-9)
            {
                tokens = Math.Max(0, tokens - 1);
                return null;
            }

            return TimeSpan.FromSeconds((1 - tokens) / rate);
        }
    }

    private sealed class Slot(SemaphoreSlim slots) : IDisposable
    {
        private int released;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref released, 1) == 0)
            {
                slots.Release();
            }
        }
    }
}
