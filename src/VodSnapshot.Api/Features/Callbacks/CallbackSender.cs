using System.Globalization;
using System.Net.Http.Headers;
using System.Text;
using Microsoft.Extensions.Options;
using VodSnapshot.Api.Features.Faults;
using VodSnapshot.Api.Security;

namespace VodSnapshot.Api.Features.Callbacks;

/// <summary>What one attempt came to.</summary>
/// <param name="Time">When it was made (also its X-VOD-TIMESTAMP).</param>
/// <param name="StatusCode">The HTTP status answered, or null when none came.</param>
/// <param name="LatencyMs">From sending to the answer's headers (or to giving up).</param>
/// <param name="Error">Why it failed, or null when it succeeded.</param>
public sealed record CallbackAttemptOutcome(DateTimeOffset Time, int? StatusCode, long LatencyMs, string? Error)
{
    public bool Succeeded => Error is null;
}

/// <summary>
/// One delivery attempt: POST of the stored JSON body with <c>Content-Type: application/json</c>, the event id header,
/// and, with an AuthKey (the global configuration's, when its AuthSwitch is on), the vendor's and the body signatures for the URL actually called. Connections go only to
/// addresses the network policy allows, checked when connecting; redirects are not followed (they are failures).
/// </summary>
public sealed class CallbackSender(IHttpClientFactory httpClients, IOptions<CallbackOptions> options, TimeProvider clock)
{
    public const string HttpClientName = "callbacks";

    /// <param name="url">The URL to call (and sign).</param>
    /// <param name="eventId">The event's stable id.</param>
    /// <param name="body">The JSON body, as stored.</param>
    /// <param name="authKey">The key that signs the attempt, or null for none.</param>
    /// <param name="fault">An injected fault that applies to this attempt (carried to <see cref="CallbackFaultHandler"/>), or null.</param>
    /// <param name="cancellationToken">Shutdown: the attempt is abandoned and not reported.</param>
    public async Task<CallbackAttemptOutcome> SendAsync(string url, string eventId, string body, string? authKey, CallbackFaultMode? fault, CancellationToken cancellationToken)
    {
        var settings = options.Value;
        var time = clock.GetUtcNow();
        var bytes = Encoding.UTF8.GetBytes(body);
        using var request = new HttpRequestMessage(HttpMethod.Post, url) { Content = new ByteArrayContent(bytes) };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        request.Headers.TryAddWithoutValidation(CallbackSignature.EventIdHeader, eventId);
        if (fault is { } injected)
        {
            request.Options.Set(CallbackFaultHandler.Fault, injected);
        }

        if (!string.IsNullOrEmpty(authKey))
        {
            var timestamp = time.ToUnixTimeSeconds();
            request.Headers.TryAddWithoutValidation(CallbackSignature.TimestampHeader, timestamp.ToString(CultureInfo.InvariantCulture));
            request.Headers.TryAddWithoutValidation(CallbackSignature.VendorSignatureHeader, CallbackSignature.Vendor(url, timestamp, authKey));
            request.Headers.TryAddWithoutValidation(CallbackSignature.BodySignatureHeader, CallbackSignature.Body(bytes, timestamp, authKey));
        }

        var started = clock.GetTimestamp();
        using var timeout = new CancellationTokenSource(settings.Timeout, clock);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeout.Token);
        try
        {
            using var response = await httpClients.CreateClient(HttpClientName).SendAsync(request, HttpCompletionOption.ResponseHeadersRead, linked.Token);
            var status = (int)response.StatusCode;
            return new CallbackAttemptOutcome(time, status, Elapsed(started), CallbackRetryPolicy.IsSuccess(status) ? null : Describe(status));
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return new CallbackAttemptOutcome(time, null, Elapsed(started), Invariant($"No answer within {settings.Timeout.TotalSeconds:0.###} s."));
        }
        catch (HttpRequestException e)
        {
            return new CallbackAttemptOutcome(time, (int?)e.StatusCode, Elapsed(started), Refusal(e)?.Message ?? e.Message);
        }
    }

    private long Elapsed(long started) => (long)clock.GetElapsedTime(started).TotalMilliseconds;

    private static string Describe(int status) => status is >= 300 and < 400
        ? Invariant($"HTTP {status}: a redirect is a failure; redirects are not followed.")
        : Invariant($"HTTP {status}: only 200 counts as received.");

    private static NetworkAddressRefusedException? Refusal(Exception? e)
    {
        for (; e is not null; e = e.InnerException)
        {
            if (e is NetworkAddressRefusedException refused)
            {
                return refused;
            }
        }

        return null;
    }

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
