namespace Portal.Sandbox.Graph;

/// <summary>
/// An app registration allowed to get tokens: its client secret and the Graph application permissions admin-consented
/// to it (User.Read.All, Group.Read.All, Application.Read.All, Directory.Read.All).
/// </summary>
public sealed record SandboxClient(string ClientId, string ClientSecret, IReadOnlySet<string> Permissions)
{
    /// <summary>When <see cref="ClientSecret"/> ends; from then the token endpoint refuses it, as Entra does. Null: never.</summary>
    public DateTimeOffset? SecretExpiresAt { get; init; }

    /// <summary>The secret's description in the app registration's Certificates &amp; secrets.</summary>
    public string SecretName { get; init; } = "Portal";

    /// <summary>Further secrets the app registration lists (their values unknown, as Graph lists them: a hint and dates).</summary>
    public IReadOnlyList<SandboxSecretListing> OtherSecrets { get; init; } = [];

    /// <summary>False: the secret in use is listed without a hint, as secrets created before Entra kept hints are.</summary>
    public bool ListsHint { get; init; } = true;

    /// <summary>Every secret as <c>passwordCredentials</c> lists it: the one in use first.</summary>
    public IEnumerable<SandboxSecretListing> Secrets =>
        OtherSecrets.Prepend(new SandboxSecretListing(SecretName, ListsHint ? ClientSecret[..Math.Min(3, ClientSecret.Length)] : null, SecretExpiresAt));

    public override string ToString() => $"SandboxClient {{ ClientId = {ClientId}, Permissions = {string.Join(",", Permissions)} }}";
}

/// <summary>One entry of an app registration's <c>passwordCredentials</c>: the first three characters and the end date.</summary>
public sealed record SandboxSecretListing(string DisplayName, string? Hint, DateTimeOffset? EndDateTime);
