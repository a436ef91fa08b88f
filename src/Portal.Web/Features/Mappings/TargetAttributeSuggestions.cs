using Microsoft.EntityFrameworkCore;
using Portal.Data;
using Portal.Data.Entities;
using Portal.Data.Secrets;
using Portal.Provisioning.Cycles;
using Portal.Provisioning.Targets;
using Portal.Provisioning.Targets.Scim;

namespace Portal.Web.Features.Mappings;

/// <summary>
/// The target attribute names the mapping editor suggests: RFC 7643's, then the target's own from its schema (custom
/// extensions included), read with the job's stored connection once per sign-in session and kind. A target that cannot
/// be asked leaves RFC 7643's, with the reason.
/// </summary>
public sealed class TargetAttributeSuggestions(IDbContextFactory<PortalDbContext> dbFactory, SecretProtector secrets, IServiceProvider services)
{
    private readonly Dictionary<(Guid, ObjectKind), TargetAttributeNames> _read = [];

    public async Task<TargetAttributeNames> ForAsync(Guid applicationId, ObjectKind kind, CancellationToken cancellationToken = default)
    {
        if (_read.TryGetValue((applicationId, kind), out var known))
        {
            return known;
        }

        var standard = ScimAttributes.Of(kind);
        var (discovered, problem) = await DiscoverAsync(applicationId, kind, cancellationToken);
        var names = new TargetAttributeNames(
            [.. standard.Concat(discovered ?? []).Distinct(StringComparer.OrdinalIgnoreCase)],
            discovered?.Count(d => !standard.Contains(d, StringComparer.OrdinalIgnoreCase)) ?? 0, discovered is not null, problem);
        return _read[(applicationId, kind)] = names;
    }

    private async Task<(IReadOnlyList<string>? Discovered, string? Problem)> DiscoverAsync(Guid applicationId, ObjectKind kind, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var job = await db.ProvisioningJobs.AsNoTracking().FirstOrDefaultAsync(j => j.ApplicationId == applicationId, cancellationToken);
        if (job?.Target.BaseUrl is null || services.GetService<ITargetConnectorFactory>() is not { } factory)
        {
            return (null, null);
        }

        try
        {
            var settings = TargetConnectorSettings.Of(job.Target, job.Target.Secret is null ? null : secrets.Unprotect(job.Target.Secret),
                services.GetService<EngineOptions>()?.AllowPrivateNetworkTargets ?? false);
            return (await factory.UseAsync(settings, connector => connector.AttributePathsAsync(kind, cancellationToken)), null);
        }
        catch (TargetException e)
        {
            return (null, $"The target's own attributes could not be read: {e.Message}");
        }
        catch (System.Security.Cryptography.CryptographicException)
        {
            return (null, "The target's own attributes could not be read: the stored secret can no longer be decrypted.");
        }
    }
}

/// <summary>
/// Names to suggest; <see cref="FromTarget"/> of them only the target's schema has; <see cref="Asked"/> when the target
/// answered; <see cref="Problem"/> why it could not be asked.
/// </summary>
public sealed record TargetAttributeNames(IReadOnlyList<string> Names, int FromTarget, bool Asked, string? Problem);
