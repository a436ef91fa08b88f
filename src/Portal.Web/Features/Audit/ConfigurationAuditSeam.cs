using System.Text.Json;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.EntityFrameworkCore;
using Portal.Data;
using Portal.Data.Entities;

namespace Portal.Web.Features.Audit;

/// <summary>
/// SEAM: writes <see cref="AuditEvent"/> rows itself until the identity work's audit service is in place; then this
/// class should delegate to it so there is one writer. The actor comes from the signed-in user when there is one.
/// </summary>
internal sealed class ConfigurationAuditSeam(
    IDbContextFactory<PortalDbContext> dbFactory,
    IServiceProvider services,
    TimeProvider clock) : IConfigurationAudit
{
    public async Task RecordAsync(ConfigurationChange change, CancellationToken cancellationToken = default)
    {
        var (actorId, actorName) = await ActorAsync();
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        db.AuditEvents.Add(new AuditEvent
        {
            OccurredAt = clock.GetUtcNow(),
            ActorId = actorId,
            ActorName = actorName,
            Activity = change.Activity,
            TargetType = change.TargetType,
            TargetId = change.TargetId,
            ChangesJson = JsonSerializer.Serialize(change.Changes.Select(c => new { name = c.Name, oldValue = c.OldValue, newValue = c.NewValue })),
        });
        await db.SaveChangesAsync(cancellationToken);
    }

    private async Task<(string Id, string? Name)> ActorAsync()
    {
        if (services.GetService<AuthenticationStateProvider>() is not { } provider)
        {
            return ("unknown", null);
        }

        try
        {
            var user = (await provider.GetAuthenticationStateAsync()).User;
            var id = user.FindFirst("oid")?.Value ?? user.FindFirst(System.Security.Claims.ClaimTypes.NameIdentifier)?.Value ?? "unknown";
            return (id, user.Identity?.Name);
        }
        catch (InvalidOperationException)
        {
            // Outside a circuit (e.g. a minimal API call) there is no authentication state to read.
            return ("unknown", null);
        }
    }
}
