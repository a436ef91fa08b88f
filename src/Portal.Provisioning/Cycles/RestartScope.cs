namespace Portal.Provisioning.Cycles;

/// <summary>
/// What a restart clears besides the quarantine, which every restart lifts (Graph's restart <c>resetScope</c>,
/// reference §1.13).
/// </summary>
[Flags]
public enum RestartScope
{
    /// <summary>The quarantine alone: the next cycle goes on from the watermark and retries what waits in escrow.</summary>
    None = 0,

    /// <summary>The delta links: the next cycle reads the whole directory again (an initial cycle).</summary>
    Watermark = 1,

    /// <summary>The failures waiting for retry: they are not retried unless they change or a full read sees them again.</summary>
    Escrows = 2,

    /// <summary>The links to target accounts: every object is matched again by its matching attributes.</summary>
    ConnectorDataStore = 4,

    /// <summary>Entra's Restart provisioning: a new initial cycle without the waiting failures; the links are kept.</summary>
    Default = Watermark | Escrows,

    Full = Watermark | Escrows | ConnectorDataStore,
}
