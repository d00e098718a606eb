namespace VodSnapshot.Api.Rpc;

/// <summary>The wire format of a response.</summary>
public enum RpcFormat
{
    Xml,
    Json,
}

/// <summary>How a call asked to be signed, from what it carries (the one place that decides it).</summary>
public enum RpcSigning
{
    /// <summary>Neither an <c>Authorization</c> header nor v1 signing parameters.</summary>
    None,

    /// <summary>Signature v1: a <c>Signature</c> or <c>AccessKeyId</c> parameter.</summary>
    V1,

    /// <summary>Signature V3: an <c>Authorization</c> header (whatever else the call carries).</summary>
    V3,
}

/// <summary>The response format rule, shared by the RPC endpoint and the request bounds that refuse before it.</summary>
public static class RpcFormats
{
    /// <summary>
    /// <c>Format</c> as asked (JSON or XML, any case); when absent, JSON for a V3-signed call (its clients ask with
    /// <c>accept: application/json</c> and read nothing else) and the vendor's XML otherwise. Null for any other value.
    /// </summary>
    public static RpcFormat? Parse(string? format, RpcSigning signing) => format switch
    {
        null or "" => Default(signing),
        _ when format.Equals("JSON", StringComparison.OrdinalIgnoreCase) => RpcFormat.Json,
        _ when format.Equals("XML", StringComparison.OrdinalIgnoreCase) => RpcFormat.Xml,
        _ => null,
    };

    /// <summary>The format of a call that did not (validly) ask for one.</summary>
    public static RpcFormat Default(RpcSigning signing) => signing == RpcSigning.V3 ? RpcFormat.Json : RpcFormat.Xml;

    /// <summary>The signing of a call from its Authorization header and its v1 parameters.</summary>
    public static RpcSigning SigningOf(string? authorizationHeader, Func<string, string?> parameter) =>
        !string.IsNullOrEmpty(authorizationHeader) ? RpcSigning.V3
        : !string.IsNullOrEmpty(parameter("Signature")) || !string.IsNullOrEmpty(parameter("AccessKeyId")) ? RpcSigning.V1
        : RpcSigning.None;
}
