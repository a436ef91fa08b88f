namespace Portal.Web.Identity;

internal static class TenantResolutionMiddleware
{
    /// <summary>Fills the request's <see cref="CurrentUser"/> and tenant from the authenticated cookie.</summary>
    public static IApplicationBuilder UseTenantResolution(this IApplicationBuilder app) =>
        app.Use((context, next) =>
        {
            context.RequestServices.GetRequiredService<CurrentUser>().Set(context.User);
            return next(context);
        });
}
