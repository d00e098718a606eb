using System.Net;

namespace VodSnapshot.Api.Rpc;

/// <summary>
/// An expected failure of an RPC call, written to the caller as the vendor's error envelope
/// (<c>RequestId</c>, <c>HostId</c>, <c>Code</c>, <c>Message</c>, <c>Recommend</c>) with <see cref="Status"/>.
/// Create them through <see cref="RpcErrors"/> so codes, messages and statuses stay the vendor's.
/// </summary>
public sealed class RpcException(HttpStatusCode status, string code, string message, string? parameter = null, string? detail = null) : Exception(message)
{
    public HttpStatusCode Status { get; } = status;

    public string Code { get; } = code;

    /// <summary>The parameter a parameter error is about, or null for other errors.</summary>
    public string? Parameter { get; } = parameter;

    /// <summary>What is wrong with <see cref="Parameter"/>, when the error says more than "not valid".</summary>
    public string? Detail { get; } = detail;
}

/// <summary>The vendor's error codes with their HTTP status and message wording (the common error codes and each action's own table).</summary>
public static class RpcErrors
{
    public static RpcException MissingParameter(string name) =>
        new(HttpStatusCode.BadRequest, "MissingParameter", $"The input parameter \"{name}\" that is mandatory for processing this request is not supplied.");

    /// <summary><c>InvalidParameter</c>, naming the parameter; <paramref name="detail"/> says what is wrong with it.</summary>
    public static RpcException InvalidParameter(string name, string? detail = null) => InvalidParameterCode("InvalidParameter", name, detail);

    /// <summary>A sub-coded parameter error such as <c>InvalidParameter.SpriteSnapshotConfig</c>.</summary>
    public static RpcException InvalidParameterCode(string code, string name, string? detail) =>
        new(HttpStatusCode.BadRequest, code,
            detail is null ? $"The specified parameter \"{name}\" is not valid." : $"The specified parameter \"{name}\" is not valid. {detail}",
            name, detail);

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

    // Authentication and request bounds. Codes the vendor's table leaves unconfirmed keep the wording of
    // its other gateway products, so SDKs that special-case them (e.g. comparing string-to-sign) behave the same.

    public static RpcException AccessKeyNotFound() =>
        new(HttpStatusCode.NotFound, "InvalidAccessKeyId.NotFound", "Specified access key is not found.");

    /// <summary>Carries the server's string-to-sign so a caller can compare it with its own, as the vendor's does.</summary>
    public static RpcException SignatureDoesNotMatch(string stringToSign) =>
        new(HttpStatusCode.BadRequest, "SignatureDoesNotMatch", $"Specified signature is not matched with our calculation. server string to sign is:{stringToSign}");

    public static RpcException IncompleteSignature(string? detail = null) =>
        new(HttpStatusCode.BadRequest, "IncompleteSignature",
            detail is null ? "The request signature does not conform to Aliyun standards." : $"The request signature does not conform to Aliyun standards. {detail}");

    /// <summary>
    /// Signature V3's mismatch: the server's canonical request and string-to-sign, so a client's canonicalisation bug
    /// shows at once (the hash in the string-to-sign alone would tell nothing).
    /// </summary>
    public static RpcException SignatureDoesNotMatch(string stringToSign, string canonicalRequest) =>
        new(HttpStatusCode.BadRequest, "SignatureDoesNotMatch",
            $"Specified signature is not matched with our calculation. server string to sign is:{stringToSign} server canonical request is:{canonicalRequest}");

    /// <summary>A V3 body whose SHA-256 is not the one its signed <c>x-acs-content-sha256</c> header names.</summary>
    public static RpcException ContentHashDoesNotMatch(string received, string computed) =>
        new(HttpStatusCode.BadRequest, "SignatureDoesNotMatch",
            $"Specified signature is not matched with our calculation. The body's SHA-256 is {computed}, but x-acs-content-sha256 is {received}.");

    public static RpcException TimestampExpired() =>
        new(HttpStatusCode.BadRequest, "InvalidTimeStamp.Expired", "Specified time stamp or date value is expired.");

    public static RpcException TimestampFormat() =>
        new(HttpStatusCode.BadRequest, "InvalidTimeStamp.Format", "Specified time stamp or date value is not well formatted.");

    public static RpcException SignatureNonceUsed() =>
        new(HttpStatusCode.BadRequest, "SignatureNonceUsed", "Specified signature nonce was used already.");

    public static RpcException UserThrottled() =>
        new(HttpStatusCode.BadRequest, "Throttling.User", "Request was denied due to user flow control.");

    public static RpcException Throttled() =>
        new(HttpStatusCode.BadRequest, "Throttling", "Request was denied due to request throttling.");

    /// <summary>A body or parameter list over the service's bounds (an emulator code: the vendor's is undocumented).</summary>
    public static RpcException RequestTooLarge(string detail) =>
        new(HttpStatusCode.RequestEntityTooLarge, "RequestEntityTooLarge", detail);

    /// <summary>A query string over the service's bound (an emulator code: the vendor's is undocumented).</summary>
    public static RpcException RequestUriTooLong(string detail) =>
        new(HttpStatusCode.RequestUriTooLong, "RequestURITooLong", detail);

    public static RpcException InternalError() =>
        new(HttpStatusCode.InternalServerError, "InternalError", "The request processing has failed due to some unknown error.");

    public static RpcException ServiceUnavailable() =>
        new(HttpStatusCode.ServiceUnavailable, "ServiceUnAvailable", "The request has failed due to a temporary failure of the server.");

    /// <summary>The vendor's temporary-failure code, saying why (e.g. free space below the floor); the caller may retry later.</summary>
    public static RpcException ServiceUnavailable(string detail) =>
        new(HttpStatusCode.ServiceUnavailable, "ServiceUnAvailable", $"The request has failed due to a temporary failure of the server. {detail}", detail: detail);
}
