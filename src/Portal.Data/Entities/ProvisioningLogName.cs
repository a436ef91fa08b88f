namespace Portal.Data.Entities;

/// <summary>
/// One distinct source or target display name of a tenant's provisioning log, in lower case, on PostgreSQL only: the
/// dictionary a search term too short for trigrams is first looked up in, so a term no name contains is answered
/// without reading the log (see <see cref="Bulk.ProvisioningLogNames"/>). Filled by the writers of log rows and by a
/// trigger on renames; retention leaves names behind, which costs a search for a term only they contain a walk of the
/// rows, never a miss. Not unique: writers add the names not yet there without waiting on each other, so two
/// concurrent first sightings of a name may both go in, which the lookup does not mind.
/// </summary>
public sealed class ProvisioningLogName : ITenantOwned
{
    public long Id { get; set; }

    public Guid TenantId { get; set; }

    /// <summary>
    /// The name as the database's lower() gives it, which is what ILIKE compares: a LIKE on it matches as an ILIKE on
    /// the name, without folding every name again for every search.
    /// </summary>
    public required string LowerName { get; set; }

    /// <summary>
    /// SHA-256 of <see cref="LowerName"/>'s UTF-8 bytes, computed by the database: the lookup key, as a name may be
    /// longer than a B-tree entry can hold.
    /// </summary>
    public byte[] NameHash { get; set; } = [];
}
