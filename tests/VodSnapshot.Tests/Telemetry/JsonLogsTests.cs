using System.Text.Json;
using VodSnapshot.Tests.TestSupport;

namespace VodSnapshot.Tests.Telemetry;

/// <summary>ASP.NET Core's JSON console format, chosen by configuration alone, carries the RequestId scope of an RPC call.</summary>
public sealed class JsonLogsTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact(Timeout = 120_000)]
    public async Task The_json_console_format_writes_one_object_per_line_with_the_request_scope()
    {
        var root = Directory.CreateTempSubdirectory("vodsnapshot-logs-").FullName;
        try
        {
            await using var service = await ServiceProcess.StartAsync(new Dictionary<string, string>
            {
                ["Storage__Root"] = Path.Combine(root, "state"),
                ["Logging__LogLevel__Default"] = "Information",
                ["Logging__Console__FormatterName"] = "json",
                ["Logging__Console__FormatterOptions__IncludeScopes"] = "true",
            }, Ct);

            using var response = await service.Client.GetAsync("/?Action=GetVideoInfo&Version=2017-03-21&Format=JSON&VideoId=0123456789abcdef0123456789abcdef", Ct);
            var requestId = JsonDocument.Parse(await response.Content.ReadAsStringAsync(Ct)).RootElement.GetProperty("RequestId").GetString()!;
            var line = await UntilAsync(() => service.Output.Split('\n').FirstOrDefault(l => l.Contains(requestId, StringComparison.Ordinal) && l.Contains("RPC call refused", StringComparison.Ordinal)));

            var entry = JsonDocument.Parse(line).RootElement;
            Assert.Equal("Information", entry.GetProperty("LogLevel").GetString());
            Assert.Contains("InvalidVideo.NotFound", entry.GetProperty("Message").GetString(), StringComparison.Ordinal);
            Assert.Contains(entry.GetProperty("Scopes").EnumerateArray(), s => s.ValueKind == JsonValueKind.Object && s.TryGetProperty("RequestId", out var id) && id.GetString() == requestId);
        }
        finally
        {
            Directory.Delete(root, recursive: true);
        }
    }

    private static async Task<string> UntilAsync(Func<string?> find)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        while (true)
        {
            if (find() is { } found)
            {
                return found;
            }

            Assert.True(DateTime.UtcNow < deadline, "No log line within 30 s.");
            await Task.Delay(100, Ct);
        }
    }
}
