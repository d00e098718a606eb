using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;

namespace VodSnapshot.Tests.TestSupport;

/// <summary>
/// The real service in process: real SQLite in a temporary state folder, real ffmpeg, real HTTP pipeline.
/// Each instance owns its folder, so tests that need a clean state create their own app.
/// </summary>
public sealed class VodSnapshotApp : WebApplicationFactory<Program>
{
    private readonly Dictionary<string, string?> _settings;

    public VodSnapshotApp(IDictionary<string, string?>? settings = null)
    {
        Root = Directory.CreateTempSubdirectory("vodsnapshot-app-").FullName;
        MediaRoot = Directory.CreateDirectory(Path.Combine(Root, "media")).FullName;
        _settings = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase)
        {
            ["Storage:Root"] = Path.Combine(Root, "state"),
            ["Media:Roots:0"] = MediaRoot,
        };
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            _settings[key] = value;
        }
    }

    /// <summary>The temporary folder holding this app's state and media.</summary>
    public string Root { get; }

    /// <summary>A media root of this app: files copied here can be registered.</summary>
    public string MediaRoot { get; }

    public string StateRoot => _settings["Storage:Root"]!;

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        foreach (var (key, value) in _settings)
        {
            builder.UseSetting(key, value);
        }
    }

    /// <summary>Calls an action with GET and Format=JSON; returns status and parsed body.</summary>
    public async Task<(int Status, JsonElement Body)> CallAsync(string action, IDictionary<string, string>? parameters = null, CancellationToken ct = default)
    {
        var query = new Dictionary<string, string> { ["Action"] = action, ["Version"] = "2017-03-21", ["Format"] = "JSON" };
        foreach (var (key, value) in parameters ?? new Dictionary<string, string>())
        {
            query[key] = value;
        }

        using var response = await CreateClient().GetAsync(Rpc.Query(query), ct);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>(ct);
        return ((int)response.StatusCode, body);
    }

    /// <summary>Copies a file into this app's media root and returns its file:// URL.</summary>
    public string AddMedia(string sourcePath, string? name = null)
    {
        var target = Path.Combine(MediaRoot, name ?? Path.GetFileName(sourcePath));
        File.Copy(sourcePath, target, overwrite: true);
        return new Uri(target).AbsoluteUri;
    }

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        if (disposing)
        {
            try
            {
                Directory.Delete(Root, recursive: true);
            }
            catch (IOException)
            {
                // A file still held by a finishing job: the folder is in the temp area and goes with it.
            }
        }
    }
}

public static class Rpc
{
    public static string Query(IDictionary<string, string> parameters) =>
        "/?" + string.Join('&', parameters.Select(p => Uri.EscapeDataString(p.Key) + "=" + Uri.EscapeDataString(p.Value)));
}
