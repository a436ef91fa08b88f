using Microsoft.AspNetCore.Authentication.OpenIdConnect;
using Microsoft.IdentityModel.Protocols.OpenIdConnect;

namespace Portal.Web.Identity;

/// <summary>
/// Hooks the portal into Identity.Web's OpenID Connect handler: a validated token becomes the portal's principal or a
/// refusal page (no cookie, nothing written); a failed sign-in (tampered, expired, wrong issuer) shows a page too.
/// </summary>
internal static class OpenIdConnectEvents
{
    public static void Attach(OpenIdConnectOptions options)
    {
        // Authorization code flow (with PKCE): no token travels through the browser.
        options.ResponseType = OpenIdConnectResponseType.Code;
        var tokenValidated = options.Events.OnTokenValidated;
        options.Events.OnTokenValidated = async context =>
        {
            await tokenValidated(context);
            var signIn = context.HttpContext.RequestServices.GetRequiredService<PortalSignIn>();
            var result = await signIn.CompleteAsync(context.Principal!, SignInMethod.OpenIdConnect, null, context.HttpContext.RequestAborted);
            if (result.User is { } user)
            {
                context.Principal = user.ToPrincipal();
                return;
            }

            context.HandleResponse();
            context.Response.Redirect(result.Refusal!.Value.ProblemPath());
        };

        var remoteFailure = options.Events.OnRemoteFailure;
        options.Events.OnRemoteFailure = async context =>
        {
            await remoteFailure(context);
            context.HttpContext.RequestServices.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(OpenIdConnectEvents))
                .LogWarning("Sign-in failed: {Reason}", context.Failure?.GetType().Name);
            context.HandleResponse();
            context.Response.Redirect(SignInRefusal.SignInFailed.ProblemPath());
        };
    }
}
