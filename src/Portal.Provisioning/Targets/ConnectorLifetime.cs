namespace Portal.Provisioning.Targets;

/// <summary>Directory sources and target connectors hold HTTP clients and tokens: whoever creates one disposes it.</summary>
public static class ConnectorLifetime
{
    /// <summary>Disposes a source or a connector, asynchronously when it can; nothing for null.</summary>
    public static ValueTask DisposeAsync(object? connector)
    {
        switch (connector)
        {
            case IAsyncDisposable disposable:
                return disposable.DisposeAsync();
            case IDisposable disposable:
                disposable.Dispose();
                break;
        }

        return ValueTask.CompletedTask;
    }

    /// <summary>Creates a target connector for the settings, runs <paramref name="use"/> with it and disposes it.</summary>
    public static async Task<T> UseAsync<T>(this ITargetConnectorFactory factory, TargetConnectorSettings settings, Func<ITargetConnector, Task<T>> use)
    {
        var connector = factory.Create(settings);
        try
        {
            return await use(connector);
        }
        finally
        {
            await DisposeAsync(connector);
        }
    }
}
