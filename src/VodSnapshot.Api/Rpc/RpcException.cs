using System.Net;

namespace VodSnapshot.Api.Rpc;

/// <summary>
/// An expected failure of an RPC call, written to the caller as the vendor's error envelope
/// (<c>RequestId</c>, <c>HostId</c>, <c>Code</c>, <c>Message</c>, <c>Recommend</c>) with <see cref="Status"/>.
/// Create them through <see cref="RpcErrors"/> so codes, messages and statuses stay the vendor's.
/// </summary>
public sealed class RpcException(HttpStatusCode status, string code, string message) : Exception(message)
{
    public HttpStatusCode Status { get; } = status;

    public string Code { get; } = code;
}

/// <summary>The vendor's error codes with their HTTP status and message wording (spec §7.3 and per-action tables).</summary>
public static class RpcErrors
{
    public static RpcException MissingParameter(string name) =>
        new(HttpStatusCode.BadRequest, "MissingParameter", $"The input parameter \"{name}\" that is mandatory for processing this request is not supplied.");

    /// <summary><c>InvalidParameter</c>, naming the parameter; <paramref name="detail"/> says what is wrong with it.</summary>
    public static RpcException InvalidParameter(string name, string? detail = null) =>
        new(HttpStatusCode.BadRequest, "InvalidParameter",
            detail is null ? $"The specified parameter \"{name}\" is not valid." : $"The specified parameter \"{name}\" is not valid. {detail}");

    /// <summary>A sub-coded parameter error such as <c>InvalidParameter.SpriteSnapshotConfig</c>.</summary>
    public static RpcException InvalidParameterCode(string code, string name, string detail) =>
        new(HttpStatusCode.BadRequest, code, $"The specified parameter \"{name}\" is not valid. {detail}");

    public static RpcException InvalidVersion() =>
        new(HttpStatusCode.BadRequest, "InvalidVersion", "Specified parameter Version is not valid.");

    public static RpcException ActionNotFound() =>
        new(HttpStatusCode.NotFound, "InvalidAction.NotFound", "Specified api is not found, please check your url and method.");

    public static RpcException VideoNotFound() =>
        new(HttpStatusCode.NotFound, "InvalidVideo.NotFound", "The video does not exist.");

    public static RpcException NoSuchResource(string resource) =>
        new(HttpStatusCode.NotFound, "NoSuchResource", $"The specified resource {resource} does not exist.");

    public static RpcException IllegalStatus() =>
        new(HttpStatusCode.BadRequest, "Forbidden.IllegalStatus", "Status of the video is illegal.");

    public static RpcException InternalError() =>
        new(HttpStatusCode.InternalServerError, "InternalError", "The request processing has failed due to some unknown error.");

    public static RpcException ServiceUnavailable() =>
        new(HttpStatusCode.ServiceUnavailable, "ServiceUnAvailable", "The request has failed due to a temporary failure of the server.");
}
