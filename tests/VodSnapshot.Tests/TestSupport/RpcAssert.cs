using System.Net;
using VodSnapshot.Api.Rpc;

namespace VodSnapshot.Tests.TestSupport;

/// <summary>Checks that a call fails with the vendor's 400 error naming the parameter the caller got wrong.</summary>
internal static class RpcAssert
{
    public static RpcException InvalidParameter(string name, Action call) => Fails("InvalidParameter", name, call);

    public static RpcException Fails(string code, string name, Action call)
    {
        var error = Assert.Throws<RpcException>(call);
        Assert.Equal(HttpStatusCode.BadRequest, error.Status);
        Assert.Equal(code, error.Code);
        Assert.StartsWith($"The specified parameter \"{name}\" is not valid.", error.Message, StringComparison.Ordinal);
        return error;
    }
}
