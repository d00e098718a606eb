using System.Net;
using System.Xml.Linq;

namespace VodSnapshot.Api.Features.Oss;

/// <summary>An OSS error (vod-lifecycle §3.5), answered as the OSS error XML with the vendor's code and status.</summary>
public sealed class OssException(HttpStatusCode status, string code, string message, params (string Name, string Value)[] extra) : Exception(message)
{
    public HttpStatusCode Status { get; } = status;

    public string Code { get; } = code;

    public IReadOnlyList<(string Name, string Value)> Extra { get; } = extra;

    public string ToXml(string requestId, string hostId)
    {
        var error = new XElement("Error",
            new XElement("Code", Code),
            new XElement("Message", Message),
            new XElement("RequestId", requestId),
            new XElement("HostId", hostId));
        foreach (var (name, value) in Extra)
        {
            error.Add(new XElement(name, value));
        }

        return OssXml.Document(error);
    }

    public static OssException AccessDenied(string message) => new(HttpStatusCode.Forbidden, "AccessDenied", message);

    public static OssException InvalidAccessKeyId(string keyId) =>
        new(HttpStatusCode.Forbidden, "InvalidAccessKeyId", "The OSS Access Key Id you provided does not exist in our records.", ("OSSAccessKeyId", keyId));

    public static OssException InvalidSecurityToken() =>
        new(HttpStatusCode.Forbidden, "InvalidSecurityToken", "The security token you provided is invalid.");

    public static OssException SecurityTokenExpired(DateTimeOffset expired) =>
        new(HttpStatusCode.Forbidden, "SecurityTokenExpired", "The security token you provided has expired.", ("Expiration", Rpc.VendorTime.Format(expired)));

    public static OssException KeyAndTokenMismatch() =>
        new(HttpStatusCode.Forbidden, "AccessKeyIdAndSecurityTokenNotMatch", "The access key id and the security token you provided do not match.");

    public static OssException SignatureDoesNotMatch(string keyId, string provided, string stringToSign) =>
        new(HttpStatusCode.Forbidden, "SignatureDoesNotMatch", "The request signature we calculated does not match the signature you provided. Check your key and signing method.",
            ("StringToSign", stringToSign), ("SignatureProvided", provided), ("OSSAccessKeyId", keyId));

    public static OssException RequestTimeTooSkewed(DateTimeOffset now) =>
        new(HttpStatusCode.Forbidden, "RequestTimeTooSkewed", "The difference between the request time and the current time is too large.",
            ("ServerTime", now.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", System.Globalization.CultureInfo.InvariantCulture)));

    public static OssException InvalidArgument(string message, string? name = null, string? value = null) =>
        name is null
            ? new(HttpStatusCode.BadRequest, "InvalidArgument", message)
            : new(HttpStatusCode.BadRequest, "InvalidArgument", message, ("ArgumentName", name), ("ArgumentValue", value ?? string.Empty));

    public static OssException InvalidDigest() =>
        new(HttpStatusCode.BadRequest, "InvalidDigest", "The Content-MD5 you specified did not match what we received.");

    public static OssException EntityTooLarge(long max) =>
        new(HttpStatusCode.BadRequest, "EntityTooLarge", string.Create(System.Globalization.CultureInfo.InvariantCulture, $"Your proposed upload exceeds the maximum allowed size of {max} bytes."));

    public static OssException EntityTooSmall(int partNumber) =>
        new(HttpStatusCode.BadRequest, "EntityTooSmall", "Your proposed upload smaller than the minimum allowed size.",
            ("PartNumber", partNumber.ToString(System.Globalization.CultureInfo.InvariantCulture)));

    public static OssException MissingContentLength() =>
        new(HttpStatusCode.LengthRequired, "MissingContentLength", "You must provide the Content-Length HTTP header.");

    public static OssException MalformedXml() =>
        new(HttpStatusCode.BadRequest, "MalformedXML", "The XML you provided was not well-formed or did not validate against our published schema.");

    public static OssException InvalidPart() =>
        new(HttpStatusCode.BadRequest, "InvalidPart", "One or more of the specified parts could not be found or the specified entity tag might not have matched the part's entity tag.");

    public static OssException InvalidPartOrder() =>
        new(HttpStatusCode.BadRequest, "InvalidPartOrder", "The list of parts was not in ascending order.");

    public static OssException NoSuchUpload(string uploadId) =>
        new(HttpStatusCode.NotFound, "NoSuchUpload", "The specified upload does not exist. The upload ID may be invalid, or the upload may have been aborted or completed.", ("UploadId", uploadId));

    public static OssException NoSuchKey(string key) => new(HttpStatusCode.NotFound, "NoSuchKey", "The specified key does not exist.", ("Key", key));

    public static OssException NoSuchBucket(string bucket) => new(HttpStatusCode.NotFound, "NoSuchBucket", "The specified bucket does not exist.", ("BucketName", bucket));

    public static OssException NotImplemented() => new(HttpStatusCode.NotImplemented, "NotImplemented", "This OSS operation is not served by this service.");
}

/// <summary>XML documents as OSS writes them.</summary>
public static class OssXml
{
    public static string Document(XElement root) => "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n" + root.ToString(SaveOptions.DisableFormatting);
}
