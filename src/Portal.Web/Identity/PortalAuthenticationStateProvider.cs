using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.AspNetCore.Components.Server;

namespace Portal.Web.Identity;

/// <summary>
/// Blazor circuits outlive the request that opened them; this re-checks the session every
/// <see cref="IdentitySettings.RevalidationInterval"/> and signs the circuit out when it is no longer valid (user
/// disabled, roles changed, signed out elsewhere).
/// </summary>
internal sealed class PortalAuthenticationStateProvider(ILoggerFactory loggerFactory, IServiceScopeFactory scopes, IdentitySettings settings)
    : RevalidatingServerAuthenticationStateProvider(loggerFactory)
{
    protected override TimeSpan RevalidationInterval => settings.RevalidationInterval;

    protected override async Task<bool> ValidateAuthenticationStateAsync(AuthenticationState authenticationState, CancellationToken cancellationToken)
    {
        if (authenticationState.User.Identity?.IsAuthenticated != true)
        {
            return true;
        }

        await using var scope = scopes.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<SessionValidator>().IsValidAsync(authenticationState.User, cancellationToken);
    }
}
