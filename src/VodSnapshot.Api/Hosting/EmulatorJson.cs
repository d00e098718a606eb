using System.Text.Encodings.Web;
using System.Text.Json;

namespace VodSnapshot.Api.Hosting;

/// <summary>
/// Serializer settings of the emulator's own routes: the vendor's PascalCase style, but absent values written as null,
/// so every job view and log entry has the same fields whatever state it is in.
/// </summary>
public static class EmulatorJson
{
    public static JsonSerializerOptions Options { get; } = new()
    {
        PropertyNamingPolicy = null,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };
}
