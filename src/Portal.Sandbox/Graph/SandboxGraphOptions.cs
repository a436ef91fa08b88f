namespace Portal.Sandbox.Graph;

/// <summary>Knobs of the Graph emulator; the defaults behave like Graph v1.0.</summary>
public sealed class SandboxGraphOptions
{
    /// <summary>Largest page the emulator serves whatever <c>$top</c> asks (Graph: 999). Tests lower it to page cheaply.</summary>
    public int MaxPageSize { get; set; } = 999;

    /// <summary>Page size without <c>$top</c> (Graph: 100).</summary>
    public int DefaultPageSize { get; set; } = 100;

    /// <summary>Objects per delta page (Graph chooses its own; delta does not take <c>$top</c>).</summary>
    public int DeltaPageSize { get; set; } = 200;

    /// <summary>How an expired delta link is answered: 410 Gone with a Location, or 400 syncStateNotFound.</summary>
    public DeltaExpiryResponse DeltaExpiry { get; set; } = DeltaExpiryResponse.Gone;

    public TimeSpan TokenLifetime { get; set; } = TimeSpan.FromHours(1);

    /// <summary>Requests kept in the request log (oldest dropped first).</summary>
    public int RequestLogCapacity { get; set; } = 10_000;
}

public enum DeltaExpiryResponse { Gone, SyncStateNotFound }
