using Microsoft.AspNetCore.DataProtection;

namespace Portal.Data.Secrets;

/// <summary>Encrypts every secret field (target passwords, tokens, client secrets) with Data Protection.</summary>
public sealed class SecretProtector(IDataProtectionProvider provider)
{
    // The purpose string isolates these ciphertexts from cookies and anti-forgery tokens; changing it orphans secrets.
    private readonly IDataProtector _protector = provider.CreateProtector("Portal.Secrets.v1");

    public ProtectedSecret Protect(string plaintext)
    {
        ArgumentException.ThrowIfNullOrEmpty(plaintext);
        return new ProtectedSecret(_protector.Protect(plaintext));
    }

    public string Unprotect(ProtectedSecret secret) => _protector.Unprotect(secret.Ciphertext);
}
