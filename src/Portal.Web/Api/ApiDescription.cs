using Microsoft.OpenApi;

namespace Portal.Web.Api;

/// <summary>
/// The API's OpenAPI document, generated from its endpoints: at <c>/api/v1/openapi.json</c>, readable without a key
/// (it holds no tenant data), naming the bearer key every operation needs.
/// </summary>
internal static class ApiDescription
{
    public const string DocumentPath = "/api/v1/openapi.json";

    public static IServiceCollection AddPortalApiDescription(this IServiceCollection services) =>
        services.AddOpenApi("v1", options =>
        {
            options.ShouldInclude = endpoint => endpoint.RelativePath?.StartsWith("api/v1/", StringComparison.Ordinal) == true;
            options.AddDocumentTransformer((document, _, _) =>
            {
                document.Info = new OpenApiInfo
                {
                    Title = "Portal API",
                    Version = "v1",
                    Description = "A tenant's provisioning jobs, their cycles and logs, with an API key created under API keys (Authorization: Bearer ptl_...).",
                };
                document.Components ??= new OpenApiComponents();
                document.Components.SecuritySchemes ??= new Dictionary<string, IOpenApiSecurityScheme>();
                document.Components.SecuritySchemes[ApiKeyAuthenticationHandler.SchemeName] = new OpenApiSecurityScheme
                {
                    Type = SecuritySchemeType.Http,
                    Scheme = "bearer",
                    Description = "A portal API key, ptl_...",
                };
                document.Security = [new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference(ApiKeyAuthenticationHandler.SchemeName, document)] = [] }];
                return Task.CompletedTask;
            });
        });

    public static IEndpointRouteBuilder MapPortalApiDescription(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapOpenApi(DocumentPath).AllowAnonymous();
        return endpoints;
    }
}
