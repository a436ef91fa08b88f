using Microsoft.Graph;

namespace Portal.Provisioning.Source.Graph;

/// <summary>
/// One read against Graph: the client, the cancellation token and the problems met so far. A failed request is
/// recorded (the read becomes incomplete) and answered with null, so the caller stops that listing and goes on with
/// the rest; only cancellation escapes.
/// </summary>
internal sealed class GraphReadSession(GraphServiceClient client, string graphBaseUrl, GraphSourceOptions options, CancellationToken cancellationToken)
{
    private readonly Lock gate = new();
    private readonly List<string> problems = [];

    public GraphServiceClient Client { get; } = client;

    public string GraphBaseUrl { get; } = graphBaseUrl.TrimEnd('/');

    public GraphSourceOptions Options { get; } = options;

    public CancellationToken CancellationToken { get; } = cancellationToken;

    public bool IsComplete { get; private set; } = true;

    public IReadOnlyList<string> Problems
    {
        get { lock (gate) { return [.. problems]; } }
    }

    public async Task<T?> TryAsync<T>(string what, string permission, Func<CancellationToken, Task<T?>> call)
        where T : class
    {
        try
        {
            return await call(CancellationToken);
        }
        catch (Exception ex) when (!(ex is OperationCanceledException && CancellationToken.IsCancellationRequested))
        {
            Fail(GraphFailure.Describe(what, permission, ex, Options.MaxRetries));
            return null;
        }
    }

    public void Fail(string problem)
    {
        lock (gate)
        {
            IsComplete = false;
            problems.Add(problem);
        }
    }

    /// <summary>Something the admin should know that did not lose data (e.g. a resync after an expired delta link).</summary>
    public void Note(string note)
    {
        lock (gate) { problems.Add(note); }
    }
}
