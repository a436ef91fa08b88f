namespace Portal.Data;

public enum DatabaseProvider { Sqlite, SqlServer, PostgreSql }

/// <summary>The migrations assembly of each provider; the design-time factories and AddPortalData agree through these.</summary>
public static class MigrationsAssemblies
{
    public const string Sqlite = "Portal.Migrations.Sqlite";
    public const string SqlServer = "Portal.Migrations.SqlServer";
    public const string PostgreSql = "Portal.Migrations.PostgreSql";

    public static string For(DatabaseProvider provider) => provider switch
    {
        DatabaseProvider.Sqlite => Sqlite,
        DatabaseProvider.SqlServer => SqlServer,
        _ => PostgreSql,
    };
}
