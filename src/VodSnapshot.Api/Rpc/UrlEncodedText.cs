using System.Text;
using System.Text.Unicode;

namespace VodSnapshot.Api.Rpc;

/// <summary>
/// Checks raw <c>application/x-www-form-urlencoded</c> text (a query string or a form body) for values that are not
/// UTF-8 once percent-decoded, such as <c>%ED%A0%80</c> (an unpaired surrogate) or <c>%FF</c>. ASP.NET keeps such
/// escapes undecoded, so the value read later would silently differ from the one sent; they are refused instead.
/// Pure.
/// </summary>
public static class UrlEncodedText
{
    /// <summary>The (leniently decoded) name of the first pair whose name or value is not UTF-8, or null when all are.</summary>
    public static string? FirstNonUtf8Pair(ReadOnlySpan<byte> raw)
    {
        if (raw.Length > 0 && raw[0] == (byte)'?')
        {
            raw = raw[1..];
        }

        while (!raw.IsEmpty)
        {
            var end = raw.IndexOf((byte)'&');
            var pair = end < 0 ? raw : raw[..end];
            raw = end < 0 ? [] : raw[(end + 1)..];
            var separator = pair.IndexOf((byte)'=');
            var name = separator < 0 ? pair : pair[..separator];
            var value = separator < 0 ? [] : pair[(separator + 1)..];
            if (!Utf8.IsValid(Decode(name)) || !Utf8.IsValid(Decode(value)))
            {
                var shown = Encoding.UTF8.GetString(Decode(name));
                return shown.Length == 0 ? "(unnamed)" : shown;
            }
        }

        return null;
    }

    private static byte[] Decode(ReadOnlySpan<byte> component)
    {
        var output = new byte[component.Length];
        var length = 0;
        for (var i = 0; i < component.Length; i++)
        {
            var b = component[i];
            if (b == (byte)'%' && i + 2 < component.Length && IsHex(component[i + 1]) && IsHex(component[i + 2]))
            {
                output[length++] = (byte)((HexValue(component[i + 1]) << 4) | HexValue(component[i + 2]));
                i += 2;
            }
            else
            {
                output[length++] = b == (byte)'+' ? (byte)' ' : b;
            }
        }

        return output.AsSpan(0, length).ToArray();
    }

    private static bool IsHex(byte b) => char.IsAsciiHexDigit((char)b);

    private static int HexValue(byte b) => b <= '9' ? b - '0' : (b | 0x20) - 'a' + 10;
}
