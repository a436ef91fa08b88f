using System.Globalization;
using System.Text;

namespace Portal.Sandbox.Graph;

/// <summary>
/// Opaque <c>$skiptoken</c>/<c>$deltatoken</c> values. A delta token carries the directory's generation (so expiry can
/// be forced), the change sequence the round ended at and the <c>$select</c> of the initial request, which is how Graph
/// keeps query parameters out of delta links.
/// </summary>
internal sealed record DeltaState(int Generation, long Since, long UpTo, string? AfterId, string? Select)
{
    public string Encode() => Encode(string.Join('\n', Generation.ToString(CultureInfo.InvariantCulture),
        Since.ToString(CultureInfo.InvariantCulture), UpTo.ToString(CultureInfo.InvariantCulture), AfterId ?? "", Select ?? ""));

    public static DeltaState? Decode(string token)
    {
        var parts = Decode64(token)?.Split('\n');
        if (parts is not { Length: 5 } || !int.TryParse(parts[0], CultureInfo.InvariantCulture, out var gen)
            || !long.TryParse(parts[1], CultureInfo.InvariantCulture, out var since) || !long.TryParse(parts[2], CultureInfo.InvariantCulture, out var upTo))
        {
            return null;
        }

        return new DeltaState(gen, since, upTo, parts[3].Length == 0 ? null : parts[3], parts[4].Length == 0 ? null : parts[4]);
    }

    public static string Encode(string text) =>
        Convert.ToBase64String(Encoding.UTF8.GetBytes(text)).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    public static string? Decode64(string token)
    {
        try
        {
            var s = token.Replace('-', '+').Replace('_', '/');
            return Encoding.UTF8.GetString(Convert.FromBase64String(s.PadRight(s.Length + ((4 - (s.Length % 4)) % 4), '=')));
        }
        catch (FormatException)
        {
            return null;
        }
    }
}
