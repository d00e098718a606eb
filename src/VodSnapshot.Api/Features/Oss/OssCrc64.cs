using System.Globalization;

namespace VodSnapshot.Api.Features.Oss;

/// <summary>
/// The CRC-64 OSS answers in <c>x-oss-hash-crc64ecma</c> and its SDKs compare with their own (oss2 with enable_crc,
/// the Java and Go SDKs by default): the ECMA-182 polynomial 0x42F0E1EBA9EA3693, reflected, initial value and final
/// XOR all ones (the parameter set catalogued as CRC-64/XZ), written as an unsigned decimal. Streamed: feed the bytes
/// as they pass. Check value: "123456789" gives 11051210869376104954 (0x995DC9BBDF1939FA).
/// </summary>
public sealed class OssCrc64
{
    private const ulong ReflectedPolynomial = 0xC96C5795D7870F42;
    private static readonly ulong[] Table = BuildTable();

    private ulong _state = ulong.MaxValue;

    /// <summary>The CRC of everything appended so far.</summary>
    public ulong Value => _state ^ ulong.MaxValue;

    /// <summary>As OSS writes it in the header.</summary>
    public string Header => Value.ToString(CultureInfo.InvariantCulture);

    public void Append(ReadOnlySpan<byte> bytes)
    {
        var state = _state;
        foreach (var b in bytes)
        {
            state = Table[(byte)(state ^ b)] ^ (state >> 8);
        }

        _state = state;
    }

    /// <summary>The CRC of one buffer.</summary>
    public static ulong Compute(ReadOnlySpan<byte> bytes)
    {
        var crc = new OssCrc64();
        crc.Append(bytes);
        return crc.Value;
    }

    private static ulong[] BuildTable()
    {
        var table = new ulong[256];
        for (ulong i = 0; i < 256; i++)
        {
            var value = i;
            for (var bit = 0; bit < 8; bit++)
            {
                value = (value & 1) != 0 ? (value >> 1) ^ ReflectedPolynomial : value >> 1;
            }

            table[i] = value;
        }

        return table;
    }
}
