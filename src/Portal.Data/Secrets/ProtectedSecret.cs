namespace Portal.Data.Secrets;

/// <summary>
/// A secret as stored: Data Protection ciphertext only. <see cref="ToString"/> never reveals it, so a secret that
/// slips into a log message, an exception or an audit entry shows as a placeholder.
/// </summary>
public sealed record ProtectedSecret(string Ciphertext)
{
    public const string Placeholder = "[protected]";

    public override string ToString() => Placeholder;
}
