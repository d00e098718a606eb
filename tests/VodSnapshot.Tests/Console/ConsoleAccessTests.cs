using System.Net;
using System.Text.Json;
using Microsoft.Extensions.Options;
using VodSnapshot.Api.Features.Console;
using VodSnapshot.Tests.TestSupport;

namespace VodSnapshot.Tests.Console;

/// <summary>
/// The console's access rule: on, unsigned, while anonymous calls are allowed; when they are not, off unless
/// <c>Console:AccessKeyId</c> names a configured key, and then its calls are signed by the service with that key and
/// checked by the RPC surface like any SDK call.
/// </summary>
public class ConsoleAccessTests
{
    private const string KeyId = "LTAIConsoleKey";
    private const string Secret = "ConsoleSecret2026";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static Action<TestHostBuilder> SignedOnly(string? consoleKey) => b =>
    {
        b.Set("Security:AllowAnonymous", "false").Set("Security:AccessKeys:0:AccessKeyId", KeyId).Set("Security:AccessKeys:0:AccessKeySecret", Secret);
        if (consoleKey is not null)
        {
            b.Set("Console:AccessKeyId", consoleKey);
        }
    };

    [Fact(Timeout = 60_000)]
    public async Task With_anonymous_calls_the_console_is_served_and_calls_unsigned()
    {
        using var host = new TestHost();
        using var client = host.CreateClient(new() { AllowAutoRedirect = false });

        using var bare = await client.GetAsync("/console", Ct);
        Assert.Equal((HttpStatusCode.Redirect, "/console/"), (bare.StatusCode, bare.Headers.Location?.OriginalString));
        using var index = await client.GetAsync("/console/", Ct);
        Assert.Equal(HttpStatusCode.OK, index.StatusCode);
        Assert.Equal("text/html", index.Content.Headers.ContentType?.MediaType);
        Assert.Contains("<script type=\"module\" src=\"app.js\"></script>", await index.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);
        foreach (var (file, type) in new[] { ("app.js", "text/javascript"), ("console.css", "text/css"), ("job.js", "text/javascript") })
        {
            using var response = await client.GetAsync("/console/" + file, Ct);
            Assert.Equal((HttpStatusCode.OK, type), (response.StatusCode, response.Content.Headers.ContentType?.MediaType));
        }

        var (status, config) = await client.GetJsonAsync("/console/config.json", Ct);
        Assert.Equal((200, "Anonymous", JsonValueKind.Null), (status, config.GetProperty("Access").GetString(), config.GetProperty("AccessKeyId").ValueKind));
        var (signStatus, _) = await client.PostJsonAsync("/console/sign", Ct);
        Assert.Equal(404, signStatus);
    }

    [Theory(Timeout = 60_000)]
    [InlineData("missing.js")]
    [InlineData("..%2Fappsettings.json")]
    [InlineData("%2E%2E%2FVodSnapshot.Api.dll")]
    [InlineData("APP.JS")]
    public async Task Only_the_consoles_own_files_are_served(string name)
    {
        using var host = new TestHost();
        using var client = host.CreateClient();

        using var response = await client.GetAsync("/console/" + name, Ct);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    [Fact(Timeout = 60_000)]
    public async Task With_signed_calls_required_and_no_console_key_the_console_is_off()
    {
        using var host = TestHost.Create(SignedOnly(null));
        using var client = host.CreateClient();

        foreach (var path in new[] { "/console/", "/console/app.js", "/console/config.json" })
        {
            using var response = await client.GetAsync(path, Ct);
            Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        }
    }

    [Fact(Timeout = 60_000)]
    public async Task Turned_off_by_setting_it_is_off_even_with_anonymous_calls()
    {
        using var host = TestHost.Create(b => b.Set("Console:Enabled", "false"));
        using var client = host.CreateClient();

        using var response = await client.GetAsync("/console/", Ct);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    [Fact(Timeout = 60_000)]
    public async Task With_a_console_key_its_calls_are_signed_by_the_service_and_verified_like_any_call()
    {
        using var host = TestHost.Create(SignedOnly(KeyId));
        using var client = host.CreateClient();
        var (status, config) = await client.GetJsonAsync("/console/config.json", Ct);
        Assert.Equal((200, "WithKey", KeyId), (status, config.GetProperty("Access").GetString(), config.GetProperty("AccessKeyId").GetString()));
        var call = new Dictionary<string, string> { ["Action"] = "ListVodTemplate", ["Version"] = "2017-03-21", ["Format"] = "JSON", ["TemplateType"] = "Snapshot" };

        var unsigned = await PostAsync(client, "/", call);
        Assert.Equal((HttpStatusCode.BadRequest, "MissingParameter"), (unsigned.Status, unsigned.Body.GetProperty("Code").GetString()));

        using var signing = await client.PostAsync("/console/sign", new FormUrlEncodedContent(call), Ct);
        Assert.Equal(HttpStatusCode.OK, signing.StatusCode);
        var signed = JsonDocument.Parse(await signing.Content.ReadAsStringAsync(Ct)).RootElement.GetProperty("Parameters").EnumerateArray()
            .Select(p => new KeyValuePair<string, string>(p.GetProperty("Name").GetString()!, p.GetProperty("Value").GetString()!)).ToList();
        Assert.Contains(new KeyValuePair<string, string>("AccessKeyId", KeyId), signed);
        Assert.DoesNotContain(signed, p => p.Value.Contains(Secret, StringComparison.Ordinal));

        var answer = await PostAsync(client, "/", signed);
        Assert.Equal(HttpStatusCode.OK, answer.Status);
        Assert.NotEmpty(answer.Body.GetProperty("VodTemplateInfoList").EnumerateArray());
        // The signature is checked for real: the same call again is a replay, a changed parameter no longer matches.
        var replay = await PostAsync(client, "/", signed);
        Assert.Equal("SignatureNonceUsed", replay.Body.GetProperty("Code").GetString());
        using var again = await client.PostAsync("/console/sign", new FormUrlEncodedContent(call), Ct);
        var tampered = JsonDocument.Parse(await again.Content.ReadAsStringAsync(Ct)).RootElement.GetProperty("Parameters").EnumerateArray()
            .Select(p => new KeyValuePair<string, string>(p.GetProperty("Name").GetString()!, p.GetProperty("Name").GetString() == "TemplateType" ? "Other" : p.GetProperty("Value").GetString()!));
        Assert.Equal("SignatureDoesNotMatch", (await PostAsync(client, "/", tampered)).Body.GetProperty("Code").GetString());
    }

    [Theory(Timeout = 60_000)]
    [InlineData("Signature")]
    [InlineData("AccessKeyId")]
    [InlineData("SignatureNonce")]
    [InlineData("Timestamp")]
    public async Task The_signer_refuses_calls_that_bring_their_own_signing_parameters(string name)
    {
        using var host = TestHost.Create(SignedOnly(KeyId));
        using var client = host.CreateClient();

        using var response = await client.PostAsync("/console/sign",
            new FormUrlEncodedContent(new Dictionary<string, string> { ["Action"] = "ListVodTemplate", [name] = "x" }), Ct);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains(name, await response.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);
    }

    [Fact(Timeout = 60_000)]
    public async Task The_signer_refuses_bodies_over_the_rpc_bounds()
    {
        using var host = TestHost.Create(b => SignedOnly(KeyId)(b.Set("Security:MaxParameters", "5")));
        using var client = host.CreateClient();

        using var many = await client.PostAsync("/console/sign",
            new FormUrlEncodedContent(Enumerable.Range(0, 6).Select(i => new KeyValuePair<string, string>("P" + i, "v"))), Ct);
        using var large = await client.PostAsync("/console/sign",
            new FormUrlEncodedContent(new Dictionary<string, string> { ["Action"] = new string('a', 70 * 1024) }), Ct);

        Assert.Equal((HttpStatusCode.BadRequest, HttpStatusCode.BadRequest), (many.StatusCode, large.StatusCode));
    }

    [Fact(Timeout = 60_000)]
    public void A_console_key_that_is_not_configured_stops_the_start()
    {
        using var host = TestHost.Create(SignedOnly("LTAIsomebodyElse"));

        var error = Assert.Throws<OptionsValidationException>(() => host.CreateClient());

        Assert.Contains("Console:AccessKeyId \"LTAIsomebodyElse\" is not one of Security:AccessKeys.", error.Message, StringComparison.Ordinal);
    }

    private static async Task<(HttpStatusCode Status, JsonElement Body)> PostAsync(HttpClient client, string path, IEnumerable<KeyValuePair<string, string>> form)
    {
        using var response = await client.PostAsync(path, new FormUrlEncodedContent(form), Ct);
        return (response.StatusCode, JsonDocument.Parse(await response.Content.ReadAsStringAsync(Ct)).RootElement.Clone());
    }
}
