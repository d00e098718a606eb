using System.Text;
using VodSnapshot.Api.Features.Oss;

namespace VodSnapshot.Tests.Oss;

/// <summary>The CRC-64 of x-oss-hash-crc64ecma against the catalogued check value and a bit-by-bit reference, streamed in pieces.</summary>
[Trait("Category", "Unit")]
public class OssCrc64Tests
{
    [Fact]
    public void The_check_string_gives_the_catalogued_value()
    {
        // CRC-64/XZ ("123456789") = 0x995DC9BBDF1939FA, the value the OSS SDKs' crc64 implementations are tested against.
        Assert.Equal(0x995DC9BBDF1939FAUL, OssCrc64.Compute("123456789"u8));
        Assert.Equal("11051210869376104954", Header("123456789"u8));
        Assert.Equal(0UL, OssCrc64.Compute([]));
    }

    [Fact]
    public void Streaming_in_pieces_gives_the_value_of_the_whole_and_of_a_bitwise_reference()
    {
        var data = new byte[300_001];
        new Random(42).NextBytes(data);
        var streamed = new OssCrc64();
        for (var offset = 0; offset < data.Length; offset += 7919)
        {
            streamed.Append(data.AsSpan(offset, Math.Min(7919, data.Length - offset)));
        }

        Assert.Equal(Bitwise(data), streamed.Value);
        Assert.Equal(OssCrc64.Compute(data), streamed.Value);
        Assert.Equal(Bitwise(Encoding.UTF8.GetBytes("The quick brown fox jumps over the lazy dog")), OssCrc64.Compute("The quick brown fox jumps over the lazy dog"u8));
    }

    private static string Header(ReadOnlySpan<byte> bytes)
    {
        var crc = new OssCrc64();
        crc.Append(bytes);
        return crc.Header;
    }

    /// <summary>The ECMA-182 polynomial applied bit by bit, most significant first, on reflected bytes: no table, no shortcut.</summary>
    private static ulong Bitwise(byte[] data)
    {
        const ulong polynomial = 0x42F0E1EBA9EA3693;
        var crc = ulong.MaxValue;
        foreach (var b in data)
        {
            crc ^= (ulong)Reflect(b, 8) << 56;
            for (var bit = 0; bit < 8; bit++)
            {
                crc = (crc & 0x8000000000000000) != 0 ? (crc << 1) ^ polynomial : crc << 1;
            }
        }

        return Reflect(crc, 64) ^ ulong.MaxValue;
    }

    private static ulong Reflect(ulong value, int bits)
    {
        ulong reflected = 0;
        for (var i = 0; i < bits; i++)
        {
            reflected = (reflected << 1) | ((value >> i) & 1);
        }

        return reflected;
    }
}
