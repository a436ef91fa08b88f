namespace Portal.Provisioning.Source.Graph;

/// <summary>Turns token-endpoint errors (AADSTS codes) into what the admin should do next.</summary>
internal static class TokenErrorMessages
{
    public static string Describe(DirectorySourceSettings settings, int status, string? error, string? description)
    {
        var detail = description is null ? $"HTTP {status} {error}" : FirstLine(description);
        if (description?.Contains("AADSTS7000222", StringComparison.Ordinal) == true)
        {
            return $"The client secret of application (client) id {settings.ClientId} has expired ({detail}). " +
                "In Entra ID open App registrations > the app > Certificates & secrets, create a new client secret and enter its Value on the Directory connection page.";
        }

        if (description?.Contains("AADSTS7000215", StringComparison.Ordinal) == true || error == "invalid_client")
        {
            return $"The client secret was rejected for application (client) id {settings.ClientId} ({detail}). " +
                "In Entra ID open App registrations > the app > Certificates & secrets, create a new client secret and enter its Value (not its Secret ID).";
        }

        if (description?.Contains("AADSTS700016", StringComparison.Ordinal) == true || error == "unauthorized_client")
        {
            return $"No application with client id {settings.ClientId} exists in directory {settings.TenantId} ({detail}). " +
                "Check the Application (client) ID on the app's Overview page and that the app is registered in this directory.";
        }

        if (description?.Contains("AADSTS90002", StringComparison.Ordinal) == true)
        {
            return $"Directory (tenant) id {settings.TenantId} was not found ({detail}). Copy the Directory (tenant) ID from Entra ID > Overview.";
        }

        return $"The token endpoint refused to issue a token for application {settings.ClientId}: {detail}.";
    }

    private static string FirstLine(string text)
    {
        var end = text.IndexOfAny(['\r', '\n']);
        return end < 0 ? text : text[..end];
    }
}
