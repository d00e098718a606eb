using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;

namespace VodSnapshot.Api.Security;

/// <summary>What kind of network an address belongs to, as far as fetching from it is concerned.</summary>
public enum NetworkAddressKind
{
    /// <summary>Globally routable unicast.</summary>
    Public,

    /// <summary><c>0.0.0.0/8</c>, <c>::</c> — connecting to it reaches the local host on common systems.</summary>
    Unspecified,

    /// <summary><c>127.0.0.0/8</c>, <c>::1</c>.</summary>
    Loopback,

    /// <summary><c>10/8</c>, <c>172.16/12</c>, <c>192.168/16</c>, and the deprecated IPv6 site-local <c>fec0::/10</c>.</summary>
    Private,

    /// <summary>Shared address space of carrier-grade NAT, <c>100.64.0.0/10</c>.</summary>
    CarrierGradeNat,

    /// <summary><c>169.254/16</c> (cloud metadata endpoints live here), <c>fe80::/10</c>.</summary>
    LinkLocal,

    /// <summary>IPv6 unique-local <c>fc00::/7</c>.</summary>
    UniqueLocal,

    /// <summary>Special-purpose ranges that are not globally routable: documentation, benchmarking, protocol assignments, future use.</summary>
    Reserved,

    /// <summary><c>224.0.0.0/4</c>, <c>ff00::/8</c>.</summary>
    Multicast,

    /// <summary><c>255.255.255.255</c>.</summary>
    Broadcast,
}

/// <summary>
/// Which addresses the service may open connections to on a caller's behalf (remote media now, callbacks later).
/// Addresses that embed an IPv4 address (IPv4-mapped, NAT64, 6to4) are judged by the embedded address, since that is
/// where the packets end up. Pure, so every range is unit-tested.
/// </summary>
public static class NetworkAddressPolicy
{
    public static NetworkAddressKind Classify(IPAddress address) => address.AddressFamily switch
    {
        AddressFamily.InterNetwork => ClassifyV4(BinaryPrimitives.ReadUInt32BigEndian(address.GetAddressBytes())),
        AddressFamily.InterNetworkV6 => ClassifyV6(address),
        _ => NetworkAddressKind.Reserved,
    };

    /// <summary>
    /// Link-local addresses and cloud instance-metadata endpoints: only <paramref name="allowLinkLocalAndMetadata"/>
    /// opens them (a metadata service hands out the machine's credentials, so allowing private networks does not).
    /// Otherwise public addresses always; private, loopback, unique-local, CGNAT, unspecified and reserved ones only
    /// when <paramref name="allowPrivateNetworks"/>; multicast and broadcast never (no TCP service lives there).
    /// </summary>
    public static bool IsAllowed(IPAddress address, bool allowPrivateNetworks, bool allowLinkLocalAndMetadata = false)
    {
        ArgumentNullException.ThrowIfNull(address);
        if (IsLinkLocalOrMetadata(address))
        {
            return allowLinkLocalAndMetadata;
        }

        return Classify(address) switch
        {
            NetworkAddressKind.Public => true,
            NetworkAddressKind.Multicast or NetworkAddressKind.Broadcast => false,
            _ => allowPrivateNetworks,
        };
    }

    /// <summary>
    /// A link-local address (<c>169.254/16</c>, <c>fe80::/10</c>, where most clouds serve instance metadata) or a known
    /// metadata endpoint outside them: Alibaba Cloud's <c>100.100.100.200</c>, AWS's IPv6 <c>fd00:ec2::254</c>, Oracle
    /// Cloud's <c>192.0.0.192</c>, Azure's wire server <c>168.63.129.16</c>; also when embedded in an IPv6 address.
    /// </summary>
    public static bool IsLinkLocalOrMetadata(IPAddress address)
    {
        ArgumentNullException.ThrowIfNull(address);
        if (Classify(address) == NetworkAddressKind.LinkLocal)
        {
            return true;
        }

        if (address.AddressFamily == AddressFamily.InterNetworkV6 && address.Equals(AwsMetadataV6))
        {
            return true;
        }

        return EmbeddedOrOwnV4(address) is 0x6464_64C8 or 0xC000_00C0 or 0xA83F_8110;
    }

    private static readonly IPAddress AwsMetadataV6 = IPAddress.Parse("fd00:ec2::254");

    /// <summary>The IPv4 address packets to <paramref name="address"/> end up at, or null for a native IPv6 address.</summary>
    private static uint? EmbeddedOrOwnV4(IPAddress address)
    {
        var bytes = address.GetAddressBytes();
        if (address.AddressFamily == AddressFamily.InterNetwork)
        {
            return BinaryPrimitives.ReadUInt32BigEndian(bytes);
        }

        var high = BinaryPrimitives.ReadUInt64BigEndian(bytes);
        var low = BinaryPrimitives.ReadUInt64BigEndian(bytes.AsSpan(8));
        return (high == 0 && (low >> 32) == 0xFFFF) || (high == 0x0064_FF9B_0000_0000 && (low >> 32) == 0) ? (uint)low
            : (high >> 48) == 0x2002 ? (uint)(high >> 16)
            : null;
    }

    private static NetworkAddressKind ClassifyV4(uint a)
    {
        return a switch
        {
            0xFFFFFFFF => NetworkAddressKind.Broadcast,
            _ when In(a, 0x00000000, 8) => NetworkAddressKind.Unspecified,
            _ when In(a, 0x0A000000, 8) => NetworkAddressKind.Private,
            _ when In(a, 0x64400000, 10) => NetworkAddressKind.CarrierGradeNat,
            _ when In(a, 0x7F000000, 8) => NetworkAddressKind.Loopback,
            _ when In(a, 0xA9FE0000, 16) => NetworkAddressKind.LinkLocal,
            _ when In(a, 0xAC100000, 12) => NetworkAddressKind.Private,
            _ when In(a, 0xC0A80000, 16) => NetworkAddressKind.Private,
            _ when In(a, 0xC0000000, 24) // protocol assignments
                || In(a, 0xC0000200, 24) // TEST-NET-1
                || In(a, 0xC0586300, 24) // 6to4 relay anycast (deprecated)
                || In(a, 0xC6120000, 15) // benchmarking
                || In(a, 0xC6336400, 24) // TEST-NET-2
                || In(a, 0xCB007100, 24) // TEST-NET-3
                || In(a, 0xF0000000, 4) // future use
                => NetworkAddressKind.Reserved,
            _ when In(a, 0xE0000000, 4) => NetworkAddressKind.Multicast,
            _ => NetworkAddressKind.Public,
        };

        static bool In(uint address, uint network, int prefix) => (address >> (32 - prefix)) == (network >> (32 - prefix));
    }

    private static NetworkAddressKind ClassifyV6(IPAddress address)
    {
        var bytes = address.GetAddressBytes();
        var high = BinaryPrimitives.ReadUInt64BigEndian(bytes);
        var low = BinaryPrimitives.ReadUInt64BigEndian(bytes.AsSpan(8));
        var embeddedV4 = (uint)low;

        if (high == 0)
        {
            return low switch
            {
                0 => NetworkAddressKind.Unspecified,
                1 => NetworkAddressKind.Loopback,
                _ when (low >> 32) == 0xFFFF => ClassifyV4(embeddedV4), // ::ffff:a.b.c.d, IPv4-mapped
                _ => NetworkAddressKind.Reserved, // IPv4-compatible (deprecated) and the rest of ::/8
            };
        }

        if (high == 0x0064_FF9B_0000_0000 && (low >> 32) == 0)
        {
            return ClassifyV4(embeddedV4); // 64:ff9b::/96, well-known NAT64 prefix
        }

        if ((high >> 48) == 0x2002)
        {
            return ClassifyV4((uint)(high >> 16)); // 6to4 embeds the site's IPv4 address
        }

        var first16 = (ushort)(high >> 48);
        return first16 switch
        {
            _ when (first16 & 0xFF00) == 0xFF00 => NetworkAddressKind.Multicast,
            _ when (first16 & 0xFFC0) == 0xFE80 => NetworkAddressKind.LinkLocal,
            _ when (first16 & 0xFFC0) == 0xFEC0 => NetworkAddressKind.Private,
            _ when (first16 & 0xFE00) == 0xFC00 => NetworkAddressKind.UniqueLocal,
            _ when (high >> 32) == 0x2001_0DB8 => NetworkAddressKind.Reserved, // documentation
            _ when (high >> 41) == (0x2001_0000_0000_0000UL >> 41) => NetworkAddressKind.Reserved, // 2001::/23 protocol assignments, Teredo
            _ when (first16 & 0xE000) == 0x2000 => NetworkAddressKind.Public, // 2000::/3, global unicast
            _ => NetworkAddressKind.Reserved, // outside global unicast: local NAT64, discard-only, unallocated
        };
    }
}
