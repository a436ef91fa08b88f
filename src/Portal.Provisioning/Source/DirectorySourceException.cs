namespace Portal.Provisioning.Source;

/// <summary>
/// A directory request failed in a way an admin must fix or wait out (wrong secret, missing permission, throttled).
/// The message is written for the admin and never contains the client secret.
/// </summary>
public sealed class DirectorySourceException(string message, Exception? innerException = null) : Exception(message, innerException)
{
    /// <summary>The directory refused the app's credentials (wrong or expired client secret, unknown client id).</summary>
    public bool IsCredentialFailure { get; init; }

    /// <summary>The Graph permission whose absence made the directory refuse (403), when the request names one.</summary>
    public string? MissingPermission { get; init; }
}
