namespace Portal.Provisioning.Targets.Scim;

/// <summary>The three dialect presets an admin starts from: RFC strict, Entra-compatible and GoTo Meeting.</summary>
public static class DialectPresets
{
    public const string Rfc = "rfc";
    public const string Entra = "entra";
    public const string GoTo = "goto";

    public static IReadOnlyList<string> Names { get; } = [Rfc, Entra, GoTo];

    /// <summary>SCIM 2.0 as RFC 7644 writes it: lower-case ops, <c>members[value eq "id"]</c>, boolean <c>active</c>.</summary>
    public static DialectProfile RfcStrict { get; } = new();

    /// <summary>What Entra's SCIM client sends without the <c>aadOptscim062020</c> flag.</summary>
    public static DialectProfile EntraCompatible { get; } = new()
    {
        Name = Entra,
        OpCasing = PatchOpCasing.Capitalized,
        MemberRemoval = MemberRemovalStyle.ValueArray,
        ActiveAsString = true,
    };

    /// <summary>
    /// GoTo's SCIM service: <c>/ServiceProviderConfigs</c>, no filter on externalId, groups of at most 100 members per
    /// request, deactivation as suspend (<c>active=false</c>, the user stays "Suspended" in the Admin Center).
    /// </summary>
    public static DialectProfile GoToMeeting { get; } = new()
    {
        Name = GoTo,
        SupportsExternalIdFilter = false,
        ServiceProviderConfigPath = "/ServiceProviderConfigs",
        MaxMembersPerPatch = 100,
        MaxPageSize = 100,
    };

    public static DialectProfile Get(string preset) => preset.ToLowerInvariant() switch
    {
        Rfc or "scim" or "scim2" => RfcStrict,
        Entra => EntraCompatible,
        GoTo or "goto-meeting" => GoToMeeting,
        _ => throw new TargetException(
            "InvalidDialectProfile",
            $"Unknown SCIM dialect preset '{preset}'.",
            $"Choose one of: {string.Join(", ", Names)}."),
    };

    /// <summary>The profile a job uses: its stored JSON over its preset, or the preset unchanged.</summary>
    public static DialectProfile Resolve(string preset, string? profileJson)
    {
        var basis = Get(preset);
        return string.IsNullOrWhiteSpace(profileJson) ? basis : DialectProfile.FromJson(profileJson, basis);
    }
}
