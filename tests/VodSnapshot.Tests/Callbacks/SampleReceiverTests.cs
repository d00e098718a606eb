using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json;
using VodSnapshot.Api.Features.Callbacks;
using VodSnapshot.Tests.TestSupport;

namespace VodSnapshot.Tests.Callbacks;

/// <summary>
/// samples/callback-receiver, an independent implementation of both signature checks in Node, accepts what the
/// service sends and refuses a body that was changed.
/// </summary>
public sealed class SampleReceiverTests(TestClips clips) : IClassFixture<TestClips>
{
    private const string Key = "SampleKey123";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact(Timeout = 60_000)]
    public async Task The_sample_receiver_verifies_what_the_service_signs_and_refuses_a_changed_body()
    {
        await using var receiver = await NodeReceiver.StartAsync(Key, Ct);
        using var app = TestHost.Create(b => b.Set("Callback:Url", receiver.Url + "/vod?tenant=1").Set("Callback:AuthKey", Key).Set("Callback:RetryDelay", "00:00:00.100"));
        using var client = app.CreateClient();
        var video = await client.RegisterAsync(app.AddMedia(clips.Ramp), Ct);

        var jobId = await client.SubmitAsync(video, ct: Ct);
        var delivery = await client.WaitForDeliveryEndAsync(jobId, TimeSpan.FromSeconds(30), Ct);
        var (redeliverStatus, _) = await client.PostJsonAsync($"/_emulator/callbacks/{delivery.GetProperty("DeliveryId").GetString()}/redeliver", Ct);
        var redelivered = await client.WaitForDeliveryAsync(jobId, d => d.GetProperty("Round").GetInt32() == 2 && d.GetProperty("Status").GetString() != "Pending", TimeSpan.FromSeconds(30), Ct);

        Assert.Equal([200], delivery.GetProperty("Attempts").EnumerateArray().Select(a => a.GetProperty("StatusCode").GetInt32()));
        Assert.Equal((202, "Delivered"), (redeliverStatus, redelivered.GetProperty("Status").GetString()));
        var lines = await receiver.LinesAsync(l => l.Contains(jobId, StringComparison.Ordinal), 2, Ct);
        Assert.Contains("\"verified\":true,\"duplicate\":false", lines[0], StringComparison.Ordinal);
        Assert.Contains("\"verified\":true,\"duplicate\":true", lines[1], StringComparison.Ordinal);

        // The same signed headers with one byte of the body changed: the vendor's signature still matches, the body's does not.
        var timestamp = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        var url = receiver.Url + "/vod";
        var body = """{"EventType":"SnapshotComplete","Status":"success"}""";
        using var forged = new HttpRequestMessage(HttpMethod.Post, url) { Content = new StringContent(body.Replace("success", "fail", StringComparison.Ordinal)) };
        forged.Headers.TryAddWithoutValidation("X-VOD-TIMESTAMP", timestamp.ToString(CultureInfo.InvariantCulture));
        forged.Headers.TryAddWithoutValidation("X-VOD-SIGNATURE", CallbackSignature.Vendor(url, timestamp, Key));
        forged.Headers.TryAddWithoutValidation("X-VodSnapshot-Signature", CallbackSignature.Body(Encoding.UTF8.GetBytes(body), timestamp, Key));
        using var http = new HttpClient();
        using var refused = await http.SendAsync(forged, Ct);

        Assert.Equal(401, (int)refused.StatusCode);
        Assert.Contains("does not match the body", await refused.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);
    }

    /// <summary>samples/callback-receiver/server.js on a free loopback port.</summary>
    private sealed class NodeReceiver : IAsyncDisposable
    {
        private readonly Process _process;
        private readonly List<string> _lines = [];

        private NodeReceiver(Process process) => _process = process;

        public string Url { get; private set; } = string.Empty;

        public static async Task<NodeReceiver> StartAsync(string key, CancellationToken ct)
        {
            var script = Path.Combine(Repository.Root, "samples", "callback-receiver", "server.js");
            var startInfo = new ProcessStartInfo("node", [script]) { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
            startInfo.Environment["AUTH_KEY"] = key;
            startInfo.Environment["PORT"] = "0";
            Process process;
            try
            {
                process = Process.Start(startInfo)!;
            }
            catch (System.ComponentModel.Win32Exception)
            {
                Assert.Skip("Node.js is not installed; the sample receiver needs node on PATH.");
                throw;
            }

            var receiver = new NodeReceiver(process);
            process.OutputDataReceived += (_, e) =>
            {
                if (e.Data is not null)
                {
                    lock (receiver._lines)
                    {
                        receiver._lines.Add(e.Data);
                    }
                }
            };
            process.BeginOutputReadLine();
            var first = (await receiver.LinesAsync(l => l.StartsWith("listening on ", StringComparison.Ordinal), 1, ct))[0];
            receiver.Url = first["listening on ".Length..];
            return receiver;
        }

        /// <summary>Waits until <paramref name="count"/> printed lines match <paramref name="match"/>.</summary>
        public async Task<List<string>> LinesAsync(Func<string, bool> match, int count, CancellationToken ct)
        {
            var watch = Stopwatch.StartNew();
            while (true)
            {
                lock (_lines)
                {
                    var found = _lines.Where(match).ToList();
                    if (found.Count >= count)
                    {
                        return found;
                    }
                }

                if (_process.HasExited)
                {
                    Assert.Fail("The sample receiver exited: " + await _process.StandardError.ReadToEndAsync(ct));
                }

                Assert.True(watch.Elapsed < TimeSpan.FromSeconds(20), "The sample receiver printed: " + string.Join('\n', _lines));
                await Task.Delay(20, ct);
            }
        }

        public async ValueTask DisposeAsync()
        {
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
                await _process.WaitForExitAsync(CancellationToken.None);
            }

            _process.Dispose();
        }
    }
}
