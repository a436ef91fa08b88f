using System.Globalization;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Portal.Web.Api;
using Portal.Web.Identity;

namespace Portal.Web.Hosting.Hardening;

internal static class WebHardeningSetup
{
    /// <summary>The rate-limiter policy of the sign-in endpoints.</summary>
    public const string SignInPolicy = "sign-in";

    /// <summary>The rate-limiter policy of the API: per key, as its endpoints are authorized before the limiter runs.</summary>
    public const string ApiPolicy = "api";

    /// <summary>Request size limits, rate limits, the anti-forgery cookie and the per-job action limits.</summary>
    public static IHostApplicationBuilder AddPortalHardening(this IHostApplicationBuilder builder)
    {
        var settings = HardeningSettings.FromConfiguration(builder.Configuration);
        var services = builder.Services;
        services.AddSingleton(settings);
        if (TrustedProxies.Options(settings) is { } forwarded)
        {
            services.AddSingleton(forwarded);
        }

        services.AddSingleton<JobActionLimits>();
        services.Configure<KestrelServerOptions>(o => o.Limits.MaxRequestBodySize = settings.MaxRequestBodyBytes);
        services.Configure<FormOptions>(o =>
        {
            o.MultipartBodyLengthLimit = settings.MaxRequestBodyBytes;
            o.ValueLengthLimit = (int)Math.Min(int.MaxValue, settings.MaxRequestBodyBytes);
        });
        var development = builder.Environment.IsDevelopment();
        services.Configure<AntiforgeryOptions>(o =>
        {
            o.Cookie.HttpOnly = true;
            o.Cookie.SameSite = SameSiteMode.Strict;
            // The embedded default runs on plain http in Development; everywhere else cookies travel over https only.
            o.Cookie.SecurePolicy = development ? CookieSecurePolicy.SameAsRequest : CookieSecurePolicy.Always;
        });

        var callbackPath = builder.Configuration["AzureAd:CallbackPath"] is { Length: > 0 } path ? path : "/signin-oidc";
        services.AddRateLimiter(o =>
        {
            o.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            o.OnRejected = async (context, cancellationToken) =>
            {
                var response = context.HttpContext.Response;
                response.Headers.RetryAfter = context.Lease.TryGetMetadata(MetadataName.RetryAfter, out var retryAfter)
                    ? Math.Max(1, (int)Math.Ceiling(retryAfter.TotalSeconds)).ToString(CultureInfo.InvariantCulture)
                    : "60";
                if (context.HttpContext.Request.Path.StartsWithSegments("/api"))
                {
                    // A script reads why, as from every other refusal of the API.
                    await response.WriteAsJsonAsync(new ApiError("too_many_requests",
                        $"This API key may make {settings.ApiRequestsPerMinute} requests a minute; wait {response.Headers.RetryAfter} seconds."), cancellationToken);
                }
            };
            o.AddPolicy(SignInPolicy, context => SignInPartition(context, settings));
            o.AddPolicy(ApiPolicy, context => RateLimitPartition.GetFixedWindowLimiter(
                "api|" + (context.User.FindFirst(PortalClaimTypes.UserId)?.Value ?? "unknown"),
                _ => new FixedWindowRateLimiterOptions { PermitLimit = settings.ApiRequestsPerMinute, Window = TimeSpan.FromMinutes(1), QueueLimit = 0 }));
            // The OpenID Connect callback is handled by middleware, not an endpoint, so it is limited globally by path.
            o.GlobalLimiter = PartitionedRateLimiter.Create<HttpContext, string>(context =>
                context.Request.Path.StartsWithSegments(callbackPath)
                    ? SignInPartition(context, settings)
                    : RateLimitPartition.GetNoLimiter(""));
        });
        return builder;
    }

    /// <summary>
    /// Forwarded headers from trusted proxies first, then security headers and the request-body limit, so every answer
    /// carries them; HSTS outside Development.
    /// </summary>
    public static WebApplication UsePortalHardening(this WebApplication app)
    {
        var settings = app.Services.GetRequiredService<HardeningSettings>();
        if (app.Services.GetService<ForwardedHeadersOptions>() is { } forwarded)
        {
            // First, so the rate limits, the HSTS decision and the sign-in redirect all see the client, not the proxy.
            app.UseForwardedHeaders(forwarded);
        }

        var openIdConnect = !string.IsNullOrWhiteSpace(app.Configuration["AzureAd:ClientId"]);
        var authority = openIdConnect ? app.Configuration["AzureAd:Instance"]?.TrimEnd('/') : null;
        app.UseMiddleware<SecurityHeaders>(authority ?? "");
        app.UseMiddleware<RequestBodyLimit>(settings.MaxRequestBodyBytes);
        if (!app.Environment.IsDevelopment())
        {
            app.UseHsts();
        }

        return app;
    }

    private static RateLimitPartition<string> SignInPartition(HttpContext context, HardeningSettings settings) =>
        RateLimitPartition.GetFixedWindowLimiter(
            "sign-in|" + (context.Connection.RemoteIpAddress?.ToString() ?? "unknown"),
            _ => new FixedWindowRateLimiterOptions { PermitLimit = settings.SignInPerMinute, Window = TimeSpan.FromMinutes(1), QueueLimit = 0 });
}
