namespace Portal.Sandbox.Graph;

/// <summary>
/// An app registration allowed to get tokens: its client secret and the Graph application permissions admin-consented
/// to it (User.Read.All, Group.Read.All, Application.Read.All, Directory.Read.All).
/// </summary>
public sealed record SandboxClient(string ClientId, string ClientSecret, IReadOnlySet<string> Permissions)
{
    public override string ToString() => $"SandboxClient {{ ClientId = {ClientId}, Permissions = {string.Join(",", Permissions)} }}";
}
