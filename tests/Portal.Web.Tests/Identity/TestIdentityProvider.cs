using System.Security.Claims;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;
using OpenIddict.Abstractions;
using OpenIddict.Server;
using OpenIddict.Server.AspNetCore;
using static OpenIddict.Abstractions.OpenIddictConstants;

namespace Portal.Web.Tests.Identity;

/// <summary>The person the test identity provider signs in next, as Entra would describe them in the token.</summary>
public sealed record TestIdentity(string? DirectoryId, string ObjectId, string UserName, params string[] Roles);

/// <summary>What the provider does to the ID token it returns from the token endpoint.</summary>
public enum TokenDefect
{
    None,

    /// <summary>The payload changed after signing (another directory's tid).</summary>
    Tampered,

    /// <summary>Properly signed, but expired two hours ago.</summary>
    Expired,

    /// <summary>Properly signed, but issued by another directory's issuer than the token's own tid.</summary>
    ForeignIssuer,
}

/// <summary>
/// A real OpenID Connect provider (OpenIddict) on loopback HTTP, shaped like Entra's v2.0 endpoint for the
/// <c>organizations</c> authority: its metadata names the issuer template <c>{root}/{tenantid}/v2.0</c> and each ID token
/// is issued by its own directory's issuer <c>{root}/{tid}/v2.0</c>, carrying <c>tid</c>, <c>oid</c> and <c>roles</c>, so
/// Identity.Web's multi-tenant issuer validation runs as it does against Entra. The test chooses who signs in and
/// whether the ID token is damaged.
/// </summary>
public sealed class TestIdentityProvider : IAsyncDisposable
{
    public const string ClientId = "portal-web-tests";
    public const string ClientSecret = "test-client-secret-not-a-real-one";
    public const string PortalOrigin = "https://localhost";

    private readonly WebApplication _app;
    private readonly SqliteConnection _connection;

    private TestIdentityProvider(WebApplication app, SqliteConnection connection, string instance)
    {
        _app = app;
        _connection = connection;
        Instance = instance;
    }

    /// <summary>The <c>AzureAd:Instance</c> for the portal; the authority is <c>{Instance}organizations/v2.0</c>.</summary>
    public string Instance { get; }

    /// <summary>Entra's multi-tenant issuer shape, as the metadata publishes it: <c>{root}/{tenantid}/v2.0</c>.</summary>
    public string IssuerTemplate => Instance + "{tenantid}/v2.0";

    public TestIdentity? NextIdentity { get; set; }

    public TokenDefect Defect { get; set; }

    public static async Task<TestIdentityProvider> StartAsync()
    {
        var connection = new SqliteConnection("Data Source=:memory:");
        await connection.OpenAsync();
        TestIdentityProvider? self = null;

        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseKestrel().UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        builder.Services.AddDbContext<DbContext>(o => o.UseSqlite(connection).UseOpenIddict());
        builder.Services.AddOpenIddict()
            .AddCore(o => o.UseEntityFrameworkCore().UseDbContext<DbContext>())
            .AddServer(o =>
            {
                o.SetAuthorizationEndpointUris("oauth2/v2.0/authorize")
                    .SetTokenEndpointUris("oauth2/v2.0/token")
                    .SetEndSessionEndpointUris("oauth2/v2.0/logout");
                o.AllowAuthorizationCodeFlow().AllowRefreshTokenFlow();
                o.RegisterScopes(Scopes.OpenId, Scopes.Profile, Scopes.Email, Scopes.OfflineAccess);
                o.AddEphemeralEncryptionKey().AddEphemeralSigningKey().DisableAccessTokenEncryption();
                o.UseAspNetCore().EnableAuthorizationEndpointPassthrough().EnableEndSessionEndpointPassthrough()
                    .DisableTransportSecurityRequirement();
                o.AddEventHandler<OpenIddictServerEvents.ApplyTokenResponseContext>(h => h
                    .UseInlineHandler(context =>
                    {
                        if (context.Response.IdToken is { } idToken)
                        {
                            context.Response.IdToken = Shape(idToken, self!.Instance, self.Defect, context.Options.SigningCredentials[0]);
                        }

                        return default;
                    })
                    .SetOrder(int.MinValue + 100_000));
                // Entra's multi-tenant metadata: the issuer is a template the relying party fills with the token's tid.
                o.AddEventHandler<OpenIddictServerEvents.ApplyConfigurationResponseContext>(h => h
                    .UseInlineHandler(context =>
                    {
                        context.Response[Metadata.Issuer] = self!.IssuerTemplate;
                        return default;
                    })
                    .SetOrder(int.MinValue + 100_000));
            });

        var app = builder.Build();
        // Entra's v2.0 metadata lives under /{tenant}/v2.0; the path base makes OpenIddict's issuer match that shape.
        app.UsePathBase("/organizations/v2.0");
        app.UseRouting();
        app.UseAuthentication();
        app.MapMethods("/oauth2/v2.0/authorize", ["GET", "POST"], (HttpContext http) => Authorize(http, self!));
        app.MapMethods("/oauth2/v2.0/logout", ["GET", "POST"], () =>
            Results.SignOut(authenticationSchemes: [OpenIddictServerAspNetCoreDefaults.AuthenticationScheme]));

        await using (var scope = app.Services.CreateAsyncScope())
        {
            await scope.ServiceProvider.GetRequiredService<DbContext>().Database.EnsureCreatedAsync();
            await scope.ServiceProvider.GetRequiredService<IOpenIddictApplicationManager>().CreateAsync(new OpenIddictApplicationDescriptor
            {
                ClientId = ClientId,
                ClientSecret = ClientSecret,
                ClientType = ClientTypes.Confidential,
                RedirectUris = { new Uri(PortalOrigin + "/signin-oidc") },
                PostLogoutRedirectUris = { new Uri(PortalOrigin + "/signout-callback-oidc") },
                Permissions =
                {
                    Permissions.Endpoints.Authorization, Permissions.Endpoints.Token, Permissions.Endpoints.EndSession,
                    Permissions.GrantTypes.AuthorizationCode, Permissions.GrantTypes.RefreshToken, Permissions.ResponseTypes.Code,
                    Permissions.Scopes.Profile, Permissions.Scopes.Email,
                },
            });
        }

        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.First();
        self = new TestIdentityProvider(app, connection, address.TrimEnd('/') + "/");
        return self;
    }

    /// <summary>Portal settings that point Identity.Web at this provider.</summary>
    public IEnumerable<KeyValuePair<string, string?>> PortalSettings() =>
    [
        new("AzureAd:Instance", Instance),
        new("AzureAd:TenantId", "organizations"),
        new("AzureAd:ClientId", ClientId),
        new("AzureAd:ClientSecret", ClientSecret),
    ];

    private static IResult Authorize(HttpContext http, TestIdentityProvider self)
    {
        var request = http.GetOpenIddictServerRequest() ?? throw new InvalidOperationException("Not an OpenID Connect request.");
        var person = self.NextIdentity ?? throw new InvalidOperationException("The test did not say who signs in.");
        var identity = new ClaimsIdentity(TokenValidationParameters.DefaultAuthenticationType, Claims.Name, Claims.Role);
        identity.SetClaim(Claims.Subject, person.ObjectId)
            .SetClaim("oid", person.ObjectId)
            .SetClaim(Claims.Name, person.UserName)
            .SetClaim(Claims.PreferredUsername, person.UserName);
        if (person.DirectoryId is not null)
        {
            identity.SetClaim("tid", person.DirectoryId);
        }

        identity.SetClaims("roles", [.. person.Roles]);
        identity.SetScopes(request.GetScopes());
        identity.SetDestinations(_ => [Destinations.IdentityToken, Destinations.AccessToken]);
        return Results.SignIn(new ClaimsPrincipal(identity), authenticationScheme: OpenIddictServerAspNetCoreDefaults.AuthenticationScheme);
    }

    // Every ID token is re-issued the way Entra issues it (its directory's issuer), then damaged as the test asked.
    private static string Shape(string idToken, string instance, TokenDefect defect, SigningCredentials credentials)
    {
        var token = new JsonWebToken(idToken);
        var payload = JsonNode.Parse(Base64UrlEncoder.Decode(token.EncodedPayload))!.AsObject();
        if (payload["tid"]?.GetValue<string>() is { } tid)
        {
            payload["iss"] = $"{instance}{(defect == TokenDefect.ForeignIssuer ? Guid.NewGuid().ToString() : tid)}/v2.0";
        }

        if (defect == TokenDefect.Expired)
        {
            // Issued and expired two hours ago: beyond any clock skew.
            var shift = (long)TimeSpan.FromHours(2).TotalSeconds;
            foreach (var claim in new[] { "exp", "iat", "nbf", "auth_time" })
            {
                if (payload[claim] is { } value)
                {
                    payload[claim] = value.GetValue<long>() - shift;
                }
            }
        }

        var signed = new JsonWebToken(new JsonWebTokenHandler().CreateToken(payload.ToJsonString(), credentials));
        if (defect != TokenDefect.Tampered)
        {
            return signed.EncodedToken;
        }

        // Same signature, different directory: exactly what a forger would try.
        payload["tid"] = Guid.NewGuid().ToString();
        var forged = Base64UrlEncoder.Encode(Encoding.UTF8.GetBytes(payload.ToJsonString()));
        return $"{signed.EncodedHeader}.{forged}.{signed.EncodedSignature}";
    }

    public async ValueTask DisposeAsync()
    {
        await _app.DisposeAsync();
        await _connection.DisposeAsync();
    }
}
