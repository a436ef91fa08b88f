using Microsoft.EntityFrameworkCore.Storage.ValueConversion;

namespace Portal.Data.Secrets;

internal sealed class ProtectedSecretConverter() : ValueConverter<ProtectedSecret, string>(
    v => v.Ciphertext,
    v => new ProtectedSecret(v));
