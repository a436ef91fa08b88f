using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Portal.Data;
using Portal.Data.Secrets;
using Portal.Testing;

namespace Portal.Web.Tests.Security;

/// <summary>Data Protection key rotation with the keys in the portal's database: old secrets stay readable.</summary>
public sealed class KeyRotationTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Unprotect_ReadsOldSecrets_AndProtectUsesTheNewKey_WhenANewDefaultKeyIsCreated()
    {
        await using var database = TestDatabase.CreateSqlite();
        await database.MigrateAsync();

        ProtectedSecret old;
        Guid newKeyId;
        await using (var before = Services(database))
        {
            old = before.GetRequiredService<SecretProtector>().Protect("graph-client-secret-before-rotation");
            var created = before.GetRequiredService<IKeyManager>().CreateNewKey(DateTimeOffset.UtcNow, DateTimeOffset.UtcNow.AddDays(90));
            newKeyId = created.KeyId;
        }

        Assert.NotEqual(newKeyId, KeyIdOf(old));

        // A fresh node (or the same one once its key ring refreshes) reads the ring from the database.
        await using var after = Services(database);
        var protector = after.GetRequiredService<SecretProtector>();
        Assert.Equal("graph-client-secret-before-rotation", protector.Unprotect(old));
        var fresh = protector.Protect("scim-token-after-rotation");
        Assert.Equal(newKeyId, KeyIdOf(fresh));
        Assert.Equal("scim-token-after-rotation", protector.Unprotect(fresh));

        await using var db = database.CreateContext();
        Assert.Equal(2, await db.DataProtectionKeys.CountAsync(Ct));
    }

    private static ServiceProvider Services(TestDatabase database)
    {
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddPortalData(database.Settings);
        return services.BuildServiceProvider();
    }

    // A Data Protection payload starts with a 4-byte magic header followed by the id of the key that encrypted it.
    private static Guid KeyIdOf(ProtectedSecret secret) => new(WebEncoders.Base64UrlDecode(secret.Ciphertext).AsSpan(4, 16));
}
