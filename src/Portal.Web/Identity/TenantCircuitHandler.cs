using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.AspNetCore.Components.Server.Circuits;

namespace Portal.Web.Identity;

/// <summary>
/// Sets the circuit's <see cref="CurrentUser"/> (and so its tenant) before any component renders, and clears it when
/// revalidation signs the circuit out, so a page left open cannot keep reading a tenant's data.
/// </summary>
internal sealed class TenantCircuitHandler(AuthenticationStateProvider authentication, CurrentUser currentUser) : CircuitHandler, IDisposable
{
    public override async Task OnCircuitOpenedAsync(Circuit circuit, CancellationToken cancellationToken)
    {
        currentUser.Set((await authentication.GetAuthenticationStateAsync()).User);
        authentication.AuthenticationStateChanged += OnChanged;
    }

    public void Dispose() => authentication.AuthenticationStateChanged -= OnChanged;

    private async void OnChanged(Task<AuthenticationState> state)
    {
        try
        {
            currentUser.Set((await state).User);
        }
        catch (Exception)
        {
            // A failed state is treated as signed out: nothing of a tenant stays reachable.
            currentUser.Set(null);
        }
    }
}
