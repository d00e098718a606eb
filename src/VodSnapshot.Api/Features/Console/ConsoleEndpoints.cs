using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;
using VodSnapshot.Api.Hosting;
using VodSnapshot.Api.Rpc;
using VodSnapshot.Api.Security;

namespace VodSnapshot.Api.Features.Console;

/// <summary>
/// The web console at <c>/console/</c>: its embedded files, <c>/console/config.json</c> (how its calls reach the RPC
/// surface) and, when calls must be signed, <c>POST /console/sign</c>. Everything answers 404 while the console is off.
/// </summary>
public static class ConsoleEndpoints
{
    public static IEndpointRouteBuilder MapConsole(this IEndpointRouteBuilder app)
    {
        var console = app.MapGroup("/console").ExcludeFromDescription();
        // The router reads /console and /console/ as one route; the page's relative links need the slash.
        console.MapGet("/", (ConsoleMode mode, ConsoleFiles files, HttpContext http) =>
            mode.Access != ConsoleAccess.Off && !http.Request.Path.Value!.EndsWith('/') ? Results.Redirect("/console/") : Serve(mode, files, http, "index.html"));
        console.MapGet("/config.json", Config);
        console.MapPost("/sign", SignAsync);
        console.MapGet("/{file}", (string file, ConsoleMode mode, ConsoleFiles files, HttpContext http) => Serve(mode, files, http, file));
        return app;
    }

    private static IResult Serve(ConsoleMode mode, ConsoleFiles files, HttpContext http, string name)
    {
        if (mode.Access == ConsoleAccess.Off || files.Find(name) is not { } file)
        {
            return Results.NotFound();
        }

        http.Response.Headers.CacheControl = "no-cache";
        http.Response.Headers.XContentTypeOptions = "nosniff";
        return Results.Bytes(file.Content, file.ContentType);
    }

    private static Results<JsonHttpResult<ConsoleConfig>, NotFound> Config(ConsoleMode mode) =>
        mode.Access == ConsoleAccess.Off
            ? TypedResults.NotFound()
            : TypedResults.Json(new ConsoleConfig(mode.Access.ToString(), mode.Key?.AccessKeyId, RpcEndpoint.ApiVersion), EmulatorJson.Options);

    private static async Task<Results<JsonHttpResult<SignedCall>, NotFound, BadRequest<Refusal>>> SignAsync(
        HttpContext http, ConsoleMode mode, IOptions<SecurityOptions> security, TimeProvider clock)
    {
        if (mode.Access != ConsoleAccess.WithKey || mode.Key is not { } key)
        {
            return TypedResults.NotFound();
        }

        var limits = security.Value;
        if (!http.Request.HasFormContentType || http.Request.ContentLength is not { } length || length > limits.MaxBodyBytes)
        {
            return TypedResults.BadRequest(new Refusal($"A form body of at most {limits.MaxBodyBytes} bytes, with its Content-Length, is expected."));
        }

        var form = await http.Request.ReadFormAsync(http.RequestAborted);
        var pairs = form.SelectMany(f => f.Value.Select(v => new KeyValuePair<string, string>(f.Key, v ?? string.Empty))).ToList();
        if (pairs.Count > limits.MaxParameters)
        {
            return TypedResults.BadRequest(new Refusal($"At most {limits.MaxParameters} parameters are signed."));
        }

        if (pairs.FirstOrDefault(p => ConsoleSigner.SigningParameters.Contains(p.Key)) is { Key: { } reserved })
        {
            return TypedResults.BadRequest(new Refusal($"{reserved} is added by the signer."));
        }

        var signed = ConsoleSigner.Sign(pairs, key, Guid.NewGuid().ToString("N"), clock.GetUtcNow());
        return TypedResults.Json(new SignedCall([.. signed.Select(p => new SignedParameter(p.Key, p.Value))]), EmulatorJson.Options);
    }

    /// <param name="Access">Anonymous (calls go unsigned) or WithKey (each call is signed by <c>/console/sign</c> first).</param>
    public sealed record ConsoleConfig(string Access, string? AccessKeyId, string ApiVersion);

    public sealed record SignedCall(IReadOnlyList<SignedParameter> Parameters);

    public sealed record SignedParameter(string Name, string Value);

    public sealed record Refusal(string Message);
}
