using System.Collections.Concurrent;

namespace Portal.Web.Identity;

/// <summary>
/// Sessions ended by sign-out. A copied cookie of an ended session is refused, and open circuits of that session
/// (other tabs) end at their next revalidation. Kept in memory: one node's sign-out reaches that node's circuits;
/// the cookie itself is deleted in the browser everywhere.
/// </summary>
public sealed class SignedOutSessions(TimeProvider time)
{
    private static readonly TimeSpan Remember = TimeSpan.FromDays(1);
    private readonly ConcurrentDictionary<string, DateTimeOffset> _ended = new(StringComparer.Ordinal);

    public void End(string sessionId)
    {
        var now = time.GetUtcNow();
        _ended[sessionId] = now;
        foreach (var old in _ended.Where(p => now - p.Value > Remember))
        {
            _ended.TryRemove(old.Key, out _);
        }
    }

    public bool HasEnded(string sessionId) => _ended.ContainsKey(sessionId);
}
