using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Xml;

namespace VodSnapshot.Api.Rpc;

/// <summary>
/// Writes success and error bodies in the vendor's envelopes. JSON is the body as serialized; XML is derived from the
/// same JSON tree so both forms always carry the same fields: objects become nested elements and an
/// array repeats its own element name once per item, as the vendor's XML does. The XML form cannot fail on any text:
/// characters XML 1.0 cannot carry (controls, unpaired surrogates, U+FFFE/U+FFFF), which input refuses but a row
/// stored earlier may hold, are written as U+FFFD, and a name that is no XML name is encoded.
/// </summary>
public static class RpcResponseWriter
{
    public static JsonObject SuccessBody(string requestId, object body)
    {
        var node = JsonSerializer.SerializeToNode(body, body.GetType(), RpcJson.Options) as JsonObject
            ?? throw new InvalidOperationException("An action must answer a JSON object.");
        var result = new JsonObject { ["RequestId"] = requestId };
        foreach (var (name, value) in node.ToList())
        {
            node.Remove(name);
            result[name] = value;
        }

        return result;
    }

    /// <summary>Longest Host echoed as HostId: a DNS name (253) with a port; a longer header is cut, never echoed whole.</summary>
    public const int MaxHostIdLength = 260;

    public static JsonObject ErrorBody(string requestId, string host, RpcException error) => new()
    {
        ["RequestId"] = requestId,
        ["HostId"] = host.Length <= MaxHostIdLength ? host : host[..MaxHostIdLength],
        ["Code"] = error.Code,
        ["Message"] = error.Message,
        ["Recommend"] = string.Create(CultureInfo.InvariantCulture,
            $"https://api.aliyun.com/troubleshoot?q={Uri.EscapeDataString(error.Code)}&product=Vod&requestId={requestId}"),
    };

    public static IResult Success(RpcRequest request, object body) =>
        Write(request.Format, request.Action + "Response", SuccessBody(request.RequestId, body), HttpStatusCode.OK);

    public static IResult Error(RpcFormat format, string requestId, string host, RpcException error) =>
        Write(format, "Error", ErrorBody(requestId, host, error), error.Status);

    /// <summary>
    /// The content types exactly as the vendor's gateway writes them, without a space: the V3 clients compare the
    /// header byte for byte to decide whether an error body is XML.
    /// </summary>
    public const string JsonContentType = "application/json;charset=utf-8";

    /// <inheritdoc cref="JsonContentType"/>
    public const string XmlContentType = "text/xml;charset=utf-8";

    private static VendorText Write(RpcFormat format, string xmlRoot, JsonObject body, HttpStatusCode status) => format switch
    {
        RpcFormat.Json => new VendorText(body.ToJsonString(RpcJson.Options), JsonContentType, status),
        _ => new VendorText(ToXml(xmlRoot, body), XmlContentType, status),
    };

    /// <summary>A UTF-8 body written with its Content-Type exactly as given (the framework would re-format it).</summary>
    private sealed class VendorText(string text, string contentType, HttpStatusCode status) : IResult
    {
        public async Task ExecuteAsync(HttpContext httpContext)
        {
            var bytes = Encoding.UTF8.GetBytes(text);
            httpContext.Response.StatusCode = (int)status;
            httpContext.Response.ContentType = contentType;
            httpContext.Response.ContentLength = bytes.Length;
            await httpContext.Response.Body.WriteAsync(bytes, httpContext.RequestAborted);
        }
    }

    public static string ToXml(string root, JsonObject body)
    {
        var builder = new StringBuilder();
        using (var writer = XmlWriter.Create(builder, new XmlWriterSettings { OmitXmlDeclaration = true }))
        {
            writer.WriteStartElement(XmlConvert.EncodeLocalName(root));
            WriteMembers(writer, body);
            writer.WriteEndElement();
        }

        return "<?xml version='1.0' encoding='UTF-8'?>" + builder;
    }

    private static void WriteMembers(XmlWriter writer, JsonObject node)
    {
        foreach (var (name, value) in node)
        {
            WriteNamed(writer, name, value);
        }
    }

    private static void WriteNamed(XmlWriter writer, string name, JsonNode? value)
    {
        switch (value)
        {
            case null:
                return;
            case JsonArray array:
                foreach (var item in array)
                {
                    WriteNamed(writer, name, item);
                }

                return;
            case JsonObject obj:
                writer.WriteStartElement(XmlConvert.EncodeLocalName(name));
                WriteMembers(writer, obj);
                writer.WriteEndElement();
                return;
            default:
                writer.WriteElementString(XmlConvert.EncodeLocalName(name), XmlSafe(ScalarText((JsonValue)value)));
                return;
        }
    }

    /// <summary><paramref name="text"/> with every character XML 1.0 cannot carry replaced by U+FFFD.</summary>
    public static string XmlSafe(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var firstBad = FirstInvalidXmlChar(text, 0);
        if (firstBad < 0)
        {
            return text;
        }

        var builder = new StringBuilder(text, 0, firstBad, text.Length);
        for (var i = firstBad; i < text.Length; i++)
        {
            if (char.IsHighSurrogate(text[i]) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
            {
                builder.Append(text[i]).Append(text[++i]);
            }
            else
            {
                builder.Append(XmlConvert.IsXmlChar(text[i]) ? text[i] : '\uFFFD');
            }
        }

        return builder.ToString();
    }

    private static int FirstInvalidXmlChar(string text, int from)
    {
        for (var i = from; i < text.Length; i++)
        {
            if (char.IsHighSurrogate(text[i]) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
            {
                i++;
            }
            else if (!XmlConvert.IsXmlChar(text[i]))
            {
                return i;
            }
        }

        return -1;
    }

    private static string ScalarText(JsonValue value) => value.GetValueKind() switch
    {
        JsonValueKind.String => value.GetValue<string>(),
        JsonValueKind.True => "true",
        JsonValueKind.False => "false",
        _ => value.ToJsonString(),
    };
}
