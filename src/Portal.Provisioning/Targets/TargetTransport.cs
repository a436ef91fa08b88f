using System.Buffers;
using System.Net.Http.Headers;
using System.Text.Json.Nodes;
using System.Text.Json;
using System.Text;
using Portal.Provisioning.Targets.Scim;

namespace Portal.Provisioning.Targets;

/// <summary>An answered target call: status, parsed JSON body (if any), ETag and a short text for messages.</summary>
internal sealed record TargetResponse(int Status, JsonNode? Body, string? ETag, string Text, string Request, TimeSpan? RetryAfter = null);

/// <summary>A write whose outcome is unknown (timeout, dropped connection, 5xx): look the object up before retrying.</summary>
internal sealed class AmbiguousWriteException(TargetException failure) : Exception(failure.Message, failure)
{
    public TargetException Failure { get; } = failure;
}

/// <summary>
/// Sends one SCIM call with authentication, the target's gate (parallelism, rate), a per-attempt timeout, retries for
/// 429 (Retry-After), 5xx, timeouts and dropped connections (exponential back-off with jitter), one token refresh on
/// 401 and a size-capped, validated read. Non-retryable 4xx answers are returned for the caller to interpret.
/// </summary>
internal sealed class TargetTransport(HttpClient http, Uri baseUri, TargetAuthenticator auth, TargetRequestGate gate, ScimClientOptions options)
{
    private static readonly MediaTypeHeaderValue ScimJson = new("application/scim+json") { CharSet = "utf-8" };

    public async Task<TargetResponse> SendAsync(HttpMethod method, string relative, JsonNode? body, string? ifMatch, CancellationToken cancellationToken)
    {
        var describe = $"{method} {relative}";
        var isCreate = method == HttpMethod.Post;
        // Serialized once, outside the gate: a slot is held only while the target works, and a retry resends the same bytes.
        var payload = body is null ? null : JsonSerializer.SerializeToUtf8Bytes(body);
        var refreshed = false;
        for (var attempt = 0; ; attempt++)
        {
            TargetAnswer? answer = null;
            TargetException? failure = null;
            using (await gate.EnterAsync(cancellationToken))
            {
                try
                {
                    answer = await ExchangeAsync(method, relative, payload, ifMatch, describe, cancellationToken);
                }
                catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
                {
                    failure = new TargetException("Timeout", $"{describe}: the target did not answer within {options.RequestTimeout.TotalSeconds:0.#} s.",
                        "The target is slow; the object is retried in a later cycle. Check the target's health if this persists.", isTransient: true);
                }
                catch (HttpRequestException e)
                {
                    failure = Unreachable(e, describe);
                }
                catch (IOException e)
                {
                    // The answer's headers came, then the connection broke mid-body (HttpIOException): as good as no answer.
                    failure = new TargetException("WebExceptionProtocolError",
                        $"{describe}: the connection to the target broke while its answer was read ({e.Message}).",
                        "The target or a proxy in between closed the connection early; the object is retried in a later cycle. Check the target's health if this persists.",
                        isTransient: true, inner: e);
                }
            }

            // Read outside the gate: decoding, redacting and parsing the answer need not keep the next request waiting.
            var response = answer is null ? null : Interpret(answer, describe);
            if (response is { Status: 401 } && auth.CanRefresh && !refreshed)
            {
                refreshed = true;
                await auth.GetAsync(refresh: true, cancellationToken);
                attempt--;
                continue;
            }

            if (response is { Status: 429 or 500 or 502 or 503 or 504 })
            {
                failure = ScimErrors.From(response);
                if (isCreate && response.Status != 429)
                {
                    throw new AmbiguousWriteException(failure);
                }
            }
            else if (response is not null)
            {
                return response;
            }

            if (!failure!.IsTransient)
            {
                throw failure;
            }

            if (isCreate && response is null)
            {
                throw new AmbiguousWriteException(failure);
            }

            if (attempt >= options.MaxRetries)
            {
                throw failure;
            }

            await Task.Delay(RetryDelay(response, attempt), options.Time, cancellationToken);
        }
    }

    internal TimeSpan Backoff(int attempt)
    {
        var exponential = options.BaseBackoff.TotalMilliseconds * Math.Pow(2, attempt);
        var capped = Math.Min(options.MaxBackoff.TotalMilliseconds, exponential);
        return TimeSpan.FromMilliseconds(capped * (0.5 + (options.Random() * 0.5)));
    }

    private TimeSpan RetryDelay(TargetResponse? response, int attempt) => response?.RetryAfter is { } after
        ? after < TimeSpan.Zero ? TimeSpan.Zero : after < options.MaxRetryAfter ? after : options.MaxRetryAfter
        : Backoff(attempt);

    /// <summary>What the target sent back, read but not yet interpreted.</summary>
    private sealed record TargetAnswer(int Status, byte[] Bytes, string? MediaType, bool IsSuccess, string? ETag, RetryConditionHeaderValue? RetryAfter);

    private async Task<TargetAnswer> ExchangeAsync(HttpMethod method, string relative, byte[]? payload, string? ifMatch, string describe, CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(options.RequestTimeout);
        using var request = new HttpRequestMessage(method, new Uri(baseUri, relative.TrimStart('/')));
        request.Headers.Authorization = await auth.GetAsync(refresh: false, timeout.Token);
        request.Headers.Accept.ParseAdd("application/scim+json");
        request.Headers.Accept.ParseAdd("application/json");
        if (ifMatch is not null)
        {
            request.Headers.TryAddWithoutValidation("If-Match", ifMatch);
        }

        if (payload is not null)
        {
            request.Content = new ByteArrayContent(payload);
            request.Content.Headers.ContentType = ScimJson;
        }

        using var answer = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, timeout.Token);
        var status = (int)answer.StatusCode;
        if (status is >= 300 and < 400)
        {
            throw new TargetException("WebExceptionProtocolError",
                $"{describe}: the target redirected (HTTP {status}) to {answer.Headers.Location}; redirects are not followed.",
                "Enter the final SCIM base URL (after redirects) as the tenant URL.", status);
        }

        var bytes = await ReadCappedAsync(answer, describe, timeout.Token);
        return new TargetAnswer(status, bytes, answer.Content.Headers.ContentType?.MediaType, answer.IsSuccessStatusCode, answer.Headers.ETag?.ToString(),
            answer.Headers.RetryAfter);
    }

    private TargetResponse Interpret(TargetAnswer answer, string describe)
    {
        var bytes = answer.Bytes;
        var received = Encoding.UTF8.GetString(bytes);
        var text = auth.Redact(received);
        if (!ReferenceEquals(text, received))
        {
            bytes = Encoding.UTF8.GetBytes(text);
        }

        TimeSpan? after = answer.RetryAfter switch
        {
            { Delta: { } delta } => delta,
            { Date: { } date } => date - options.Time.GetUtcNow(),
            _ => null,
        };
        return new TargetResponse(answer.Status, Parse(answer, bytes, text, describe), answer.ETag, text, describe, after);
    }

    private async Task<byte[]> ReadCappedAsync(HttpResponseMessage answer, string describe, CancellationToken cancellationToken)
    {
        if (answer.Content.Headers.ContentLength > options.MaxResponseBytes)
        {
            throw TooLarge(describe);
        }

        await using var stream = await answer.Content.ReadAsStreamAsync(cancellationToken);
        // Sized from Content-Length when the target sends it; the read chunk is pooled (one per request would be 80 KB of garbage).
        using var buffer = new MemoryStream((int)Math.Min(answer.Content.Headers.ContentLength ?? 4096, options.MaxResponseBytes) + 1);
        var chunk = ArrayPool<byte>.Shared.Rent(16 * 1024);
        try
        {
            int read;
            while ((read = await stream.ReadAsync(chunk, cancellationToken)) > 0)
            {
                buffer.Write(chunk, 0, read);
                if (buffer.Length > options.MaxResponseBytes)
                {
                    throw TooLarge(describe);
                }
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(chunk);
        }

        return buffer.ToArray();
    }

    private TargetException TooLarge(string describe) => new(
        "SystemForCrossDomainIdentityManagementServiceIncompatible",
        $"{describe}: the response is larger than {options.MaxResponseBytes / 1024} KiB and was not read.",
        "Lower the page size in the dialect profile, or ask the target's vendor why it returns such large responses.");

    private static JsonNode? Parse(TargetAnswer answer, byte[] bytes, string text, string describe)
    {
        if (bytes.Length == 0 || string.IsNullOrWhiteSpace(text))
        {
            return null;
        }

        var mediaType = answer.MediaType ?? "";
        var success = answer.IsSuccess;
        if (success && !(mediaType.EndsWith("/json", StringComparison.OrdinalIgnoreCase) || mediaType.EndsWith("+json", StringComparison.OrdinalIgnoreCase)))
        {
            throw ScimErrors.Incompatible(describe, $"the target answered with content type '{mediaType}' instead of application/scim+json: {Excerpt(text)}");
        }

        try
        {
            return JsonNode.Parse(bytes);
        }
        catch (JsonException e)
        {
            if (!success)
            {
                return null;
            }

            throw ScimErrors.Incompatible(describe, $"the response is not valid JSON ({e.Message}): {Excerpt(text)}");
        }
    }

    internal static string Excerpt(string text) => text.Length <= 300 ? text : text[..300] + "…";

    internal static TargetException Unreachable(HttpRequestException e, string what)
    {
        for (Exception? inner = e; inner is not null; inner = inner.InnerException)
        {
            if (inner is TargetAddressRefusedException refused)
            {
                return new TargetException("NotPermitted", $"{what}: {refused.Message}",
                    "Use the target's public https URL; an operator can allow private-network targets for this deployment.", inner: e);
            }

            if (inner is TargetException target)
            {
                return target;
            }
        }

        return new TargetException("WebExceptionProtocolError",
            $"{what}: the connection to the target failed ({e.Message}).",
            "Check the tenant URL and that the target is reachable; the object is retried in a later cycle.",
            isTransient: true, inner: e);
    }
}
