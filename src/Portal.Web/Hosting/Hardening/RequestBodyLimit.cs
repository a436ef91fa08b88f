using Microsoft.AspNetCore.Http.Features;

namespace Portal.Web.Hosting.Hardening;

/// <summary>
/// Refuses request bodies over the limit with 413 before anything reads them. Kestrel enforces the same limit on
/// bodies without a Content-Length; this also covers hosts that do not (the in-process test server).
/// </summary>
internal sealed class RequestBodyLimit(RequestDelegate next, long maxBytes)
{
    public Task InvokeAsync(HttpContext context)
    {
        if (context.Request.ContentLength > maxBytes)
        {
            context.Response.StatusCode = StatusCodes.Status413PayloadTooLarge;
            return Task.CompletedTask;
        }

        if (context.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } feature)
        {
            feature.MaxRequestBodySize = maxBytes;
        }

        return next(context);
    }
}
