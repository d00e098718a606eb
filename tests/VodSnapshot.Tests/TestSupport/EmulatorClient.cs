using System.Diagnostics;
using System.Net;
using System.Text.Json;

namespace VodSnapshot.Tests.TestSupport;

/// <summary>Calls on a running service (in process or a child process) through its HTTP surface only.</summary>
public static class EmulatorClient
{
    /// <summary>Calls an action with GET and Format=JSON, with optional request headers; returns status and parsed body.</summary>
    public static async Task<(int Status, JsonElement Body)> CallAsync(this HttpClient client, string action, IEnumerable<KeyValuePair<string, string>> parameters,
        IDictionary<string, string>? headers = null, CancellationToken ct = default)
    {
        var (status, body) = await client.GetRpcAsync(RpcCalls.Call(action, parameters), headers, ct);
        return ((int)status, body);
    }

    /// <summary>A GET of the RPC route with exactly <paramref name="parameters"/>; returns status and parsed body.</summary>
    public static async Task<(HttpStatusCode Status, JsonElement Body)> GetRpcAsync(this HttpClient client, IEnumerable<KeyValuePair<string, string>> parameters,
        IDictionary<string, string>? headers = null, CancellationToken ct = default)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, RpcCalls.RequestPath(parameters));
        foreach (var (name, value) in headers ?? new Dictionary<string, string>())
        {
            request.Headers.TryAddWithoutValidation(name, value);
        }

        using var response = await client.SendAsync(request, ct);
        var text = await response.Content.ReadAsStringAsync(ct);
        return (response.StatusCode, JsonDocument.Parse(text).RootElement.Clone());
    }

    /// <summary>Registers one file by its file:// URL and answers its VideoId.</summary>
    public static Task<string> RegisterAsync(this HttpClient client, string fileUrl, CancellationToken ct = default) =>
        client.RegisterAsync(fileUrl, Path.GetFileName(fileUrl), null, ct);

    /// <summary>Registers one file by its URL with a title and optional UserData, and answers its VideoId.</summary>
    public static async Task<string> RegisterAsync(this HttpClient client, string fileUrl, string title, string? userData, CancellationToken ct = default)
    {
        var parameters = new Dictionary<string, string>
        {
            ["RegisterMetadatas"] = JsonSerializer.Serialize(new[] { new { FileURL = fileUrl, Title = title } }),
        };
        if (userData is not null)
        {
            parameters["UserData"] = userData;
        }

        var (status, body) = await client.CallAsync("RegisterMedia", parameters, ct: ct);
        Assert.True(status == 200, body.ToString());
        return body.GetProperty("RegisteredMediaList")[0].GetProperty("MediaId").GetString()!;
    }

    /// <summary>Submits a snapshot job and returns its JobId (the call must succeed).</summary>
    public static async Task<string> SubmitAsync(this HttpClient client, string videoId, IDictionary<string, string>? parameters = null,
        IDictionary<string, string>? headers = null, CancellationToken ct = default)
    {
        var all = new Dictionary<string, string>(parameters ?? new Dictionary<string, string>()) { ["VideoId"] = videoId };
        var (status, body) = await client.CallAsync("SubmitSnapshotJob", all, headers, ct);
        Assert.True(status == 200, body.ToString());
        return body.GetProperty("SnapshotJob").GetProperty("JobId").GetString()!;
    }

    /// <summary>GET of an emulator route; the body parsed when it is JSON.</summary>
    public static async Task<(int Status, JsonElement Body)> GetJsonAsync(this HttpClient client, string path, CancellationToken ct = default)
    {
        using var response = await client.GetAsync(path, ct);
        var text = await response.Content.ReadAsStringAsync(ct);
        return ((int)response.StatusCode, text.Length == 0 ? default : JsonDocument.Parse(text).RootElement.Clone());
    }

    public static async Task<(int Status, JsonElement Body)> PostJsonAsync(this HttpClient client, string path, CancellationToken ct = default)
    {
        using var response = await client.PostAsync(path, null, ct);
        var text = await response.Content.ReadAsStringAsync(ct);
        return ((int)response.StatusCode, text.Length == 0 ? default : JsonDocument.Parse(text).RootElement.Clone());
    }

    /// <summary>Polls <c>/_emulator/jobs/{jobId}</c> until <paramref name="condition"/> holds; answers the view.</summary>
    public static Task<JsonElement> WaitForJobAsync(this HttpClient client, string jobId, Func<JsonElement, bool> condition, TimeSpan timeout, CancellationToken ct = default) =>
        PollAsync(client, "/_emulator/jobs/" + jobId, condition, timeout, ct);

    /// <summary>Polls the job's only delivery until <paramref name="condition"/> holds; answers the delivery.</summary>
    public static async Task<JsonElement> WaitForDeliveryAsync(this HttpClient client, string jobId, Func<JsonElement, bool> condition, TimeSpan timeout, CancellationToken ct = default)
    {
        var list = await PollAsync(client, "/_emulator/callbacks?jobId=" + jobId,
            body => body.GetProperty("Deliveries").GetArrayLength() == 1 && condition(body.GetProperty("Deliveries")[0]), timeout, ct);
        return list.GetProperty("Deliveries")[0];
    }

    /// <summary>Waits until the job's only delivery has ended its round (Delivered or Failed).</summary>
    public static Task<JsonElement> WaitForDeliveryEndAsync(this HttpClient client, string jobId, TimeSpan timeout, CancellationToken ct = default) =>
        client.WaitForDeliveryAsync(jobId, d => d.GetProperty("Status").GetString() != "Pending", timeout, ct);

    private static async Task<JsonElement> PollAsync(HttpClient client, string path, Func<JsonElement, bool> condition, TimeSpan timeout, CancellationToken ct)
    {
        var watch = Stopwatch.StartNew();
        var last = "nothing";
        while (true)
        {
            var (status, body) = await client.GetJsonAsync(path, ct);
            if (status == 200 && condition(body))
            {
                return body;
            }

            last = status + " " + body;
            if (watch.Elapsed > timeout)
            {
                throw new TimeoutException($"{path} did not reach the expected state within {timeout}; last answer: {last}");
            }

            await Task.Delay(50, ct);
        }
    }
}
