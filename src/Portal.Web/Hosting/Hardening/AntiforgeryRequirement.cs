using Microsoft.AspNetCore.Antiforgery;

namespace Portal.Web.Hosting.Hardening;

internal static class AntiforgeryRequirement
{
    /// <summary>
    /// Refuses the request with 400 unless it carries a valid anti-forgery token. Minimal APIs enforce tokens only on
    /// endpoints that bind form fields; an endpoint without fields (sign-out) opts in here.
    /// </summary>
    public static RouteHandlerBuilder RequireAntiforgeryToken(this RouteHandlerBuilder endpoint) => endpoint
        .WithMetadata(new RequireAntiforgeryTokenAttribute())
        .AddEndpointFilter(async (context, next) =>
            context.HttpContext.Features.Get<IAntiforgeryValidationFeature>() is { IsValid: true }
                ? await next(context)
                : TypedResults.Problem("The form is missing its anti-forgery token; reload the page and try again.",
                    statusCode: StatusCodes.Status400BadRequest));
}
