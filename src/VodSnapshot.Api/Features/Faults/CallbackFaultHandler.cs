using System.Globalization;

namespace VodSnapshot.Api.Features.Faults;

/// <summary>
/// Injected callback faults, as a handler on the callback client: an attempt marked with a fault is not sent
/// (<see cref="CallbackFaultMode.Drop"/>) or has its answer turned into a failure (<see cref="CallbackFaultMode.Reject"/>).
/// Either way the attempt fails with an <see cref="HttpRequestException"/> that says so, like any other failed attempt.
/// </summary>
public sealed class CallbackFaultHandler : DelegatingHandler
{
    /// <summary>The request option that marks an attempt with the fault that applies to it.</summary>
    public static readonly HttpRequestOptionsKey<CallbackFaultMode> Fault = new("VodSnapshot.CallbackFault");

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        if (!request.Options.TryGetValue(Fault, out var mode))
        {
            return await base.SendAsync(request, cancellationToken);
        }

        if (mode == CallbackFaultMode.Drop)
        {
            throw new HttpRequestException("Injected fault (callback=drop): the attempt was not sent.");
        }

        using var response = await base.SendAsync(request, cancellationToken);
        var status = (int)response.StatusCode;
        throw new HttpRequestException(
            string.Create(CultureInfo.InvariantCulture, $"Injected fault (callback=reject): the answer {status} counts as a failure."),
            inner: null,
            response.StatusCode);
    }
}
