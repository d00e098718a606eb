using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace VodSnapshot.Api.Rpc;

/// <summary>Serializer settings of the wire format: the vendor's PascalCase names as written, nulls omitted.</summary>
public static class RpcJson
{
    public static JsonSerializerOptions Options { get; } = new()
    {
        PropertyNamingPolicy = null,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        // URLs with '&' must come out as written, as the vendor's do; the body is JSON, never embedded in HTML.
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };
}
