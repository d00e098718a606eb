using System.Net;
using System.Text.Json;
using System.Xml.Linq;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using VodSnapshot.Api.Persistence;
using VodSnapshot.Media.Probing;

namespace VodSnapshot.Tests.TestSupport;

/// <summary>Calls on the host's RPC surface and reads of its database.</summary>
public partial class TestHost
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    /// <summary>Calls an action with GET and Format=JSON; returns status and parsed body.</summary>
    public async Task<(int Status, JsonElement Body)> CallAsync(string action, IEnumerable<KeyValuePair<string, string>>? parameters = null, CancellationToken ct = default)
    {
        using var client = CreateClient();
        return await client.CallAsync(action, parameters ?? [], ct: ct);
    }

    /// <summary>Calls an action with GET and Format=JSON.</summary>
    public Task<(int Status, JsonElement Body)> JsonAsync(string action, params (string Name, string Value)[] parameters) =>
        CallAsync(action, RpcCalls.P(parameters), Ct);

    /// <summary>Calls an action with GET and Format=XML.</summary>
    public async Task<(int Status, XElement Body)> XmlAsync(string action, params (string Name, string Value)[] parameters)
    {
        using var client = CreateClient();
        using var response = await client.GetAsync(RpcCalls.RequestPath(RpcCalls.Call(action, RpcCalls.P(parameters), "XML")), Ct);
        return ((int)response.StatusCode, XElement.Parse(await response.Content.ReadAsStringAsync(Ct)));
    }

    /// <summary>A GET with exactly <paramref name="parameters"/> (see <see cref="RpcCalls"/> to build them).</summary>
    public async Task<(HttpStatusCode Status, JsonElement Body)> GetAsync(IEnumerable<KeyValuePair<string, string>> parameters)
    {
        using var client = CreateClient();
        return await client.GetRpcAsync(parameters, ct: Ct);
    }

    /// <summary>A form POST of <paramref name="form"/>, with <paramref name="query"/> (no '?') in the URL.</summary>
    public async Task<(HttpStatusCode Status, JsonElement Body)> PostAsync(IEnumerable<KeyValuePair<string, string>> form, string query = "")
    {
        using var client = CreateClient();
        using var content = new FormUrlEncodedContent(form);
        using var response = await client.PostAsync("/" + (query.Length > 0 ? "?" + query : string.Empty), content, Ct);
        return (response.StatusCode, await RpcCalls.ReadAsync(response));
    }

    /// <summary>A call signed the way the vendor's SDKs sign it, timestamped by the service's clock unless given.</summary>
    public List<KeyValuePair<string, string>> SignedCall(string method, string action, IEnumerable<KeyValuePair<string, string>>? parameters = null,
        string keyId = RpcCalls.KeyId, string secret = RpcCalls.Secret, DateTimeOffset? timestamp = null, string? nonce = null) =>
        RpcCalls.SignedCall(method, action, parameters, timestamp ?? Services.GetRequiredService<TimeProvider>().GetUtcNow(), keyId, secret, nonce);

    /// <summary>Adds a template in the default application and answers its id.</summary>
    public async Task<string> AddTemplateAsync(string config, string name = "test", string? appId = null)
    {
        var parameters = new List<(string, string)> { ("Name", name), ("TemplateType", "Snapshot"), ("TemplateConfig", config) };
        if (appId is not null)
        {
            parameters.Add(("AppId", appId));
        }

        var (status, body) = await JsonAsync("AddVodTemplate", [.. parameters]);
        Assert.Equal(200, status);
        return body.GetProperty("VodTemplateId").GetString()!;
    }

    /// <summary>
    /// Stores a playable video row directly, as a registration would after probing, so jobs can be submitted without
    /// media. The source file does not exist, so a job that runs fails without touching ffmpeg.
    /// </summary>
    public async Task<string> AddVideoAsync(double durationSeconds = 10, int width = 640, int height = 360)
    {
        var id = Ids.New();
        await WithDbAsync(db =>
        {
            db.Videos.Add(new Video
            {
                Id = id,
                FileUrl = "file:///nowhere/" + id + ".mp4",
                SourcePath = "/nowhere/" + id + ".mp4",
                Title = "Stored directly",
                Status = VideoStatus.UploadSucc,
                Probe = MediaProbe.None with
                {
                    HasVideo = true,
                    Duration = TimeSpan.FromSeconds(durationSeconds),
                    Width = width,
                    Height = height,
                    DisplayWidth = width,
                    DisplayHeight = height,
                    FrameRate = 25,
                    IsConstantFrameRate = true,
                },
                CreationTime = DateTimeOffset.UtcNow,
                ModificationTime = DateTimeOffset.UtcNow,
            });
            return db.SaveChangesAsync(Ct);
        });
        return id;
    }

    public async Task<T> WithDbAsync<T>(Func<VodDbContext, Task<T>> query)
    {
        await using var scope = Services.CreateAsyncScope();
        return await query(scope.ServiceProvider.GetRequiredService<VodDbContext>());
    }

    public Task<int> VideoCountAsync() => WithDbAsync(db => db.Videos.CountAsync(Ct));
}
