using VodSnapshot.Api.Rpc;

namespace VodSnapshot.Tests.Rpc;

[Trait("Category", "Unit")]
public class RpcRequestTests
{
    private static RpcRequest Request(params (string Name, string Value)[] pairs) =>
        new("GET", pairs.Select(p => new KeyValuePair<string, string>(p.Name, p.Value)), "R", "h", new Uri("http://h/"));

    [Fact]
    public void Names_are_case_sensitive_and_empty_values_count_as_absent()
    {
        var request = Request(("VideoId", "v"), ("videoid", "x"), ("Title", ""));

        Assert.Equal("v", request.Get("VideoId"));
        Assert.Null(request.Get("Title"));
        var error = Assert.Throws<RpcException>(() => request.Require("Title"));
        Assert.Equal("MissingParameter", error.Code);
    }

    [Fact]
    public void The_first_of_repeated_names_wins_and_all_pairs_are_kept()
    {
        var request = Request(("Count", "1"), ("Count", "2"));

        Assert.Equal("1", request.Get("Count"));
        Assert.Equal(2, request.Parameters.Count);
    }

    [Theory]
    [InlineData("abc")]
    [InlineData("1.5")]
    [InlineData("0")]
    [InlineData("4097")]
    public void Integers_outside_their_range_name_the_parameter(string value)
    {
        var error = Assert.Throws<RpcException>(() => Request(("Width", value)).GetInt32("Width", 8, 4096));

        Assert.Equal("InvalidParameter", error.Code);
        Assert.Contains("\"Width\"", error.Message, StringComparison.Ordinal);
    }
}
