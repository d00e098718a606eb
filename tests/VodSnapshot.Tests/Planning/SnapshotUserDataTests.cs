using VodSnapshot.Api.Features.Snapshots.Planning;
using VodSnapshot.Tests.TestSupport;

namespace VodSnapshot.Tests.Planning;

[Trait("Category", "Unit")]
public class SnapshotUserDataTests
{
    [Theory]
    [InlineData(null)]
    [InlineData("")]
    public void Parse_when_not_given_changes_nothing(string? json)
    {
        Assert.Same(SnapshotUserData.None, SnapshotUserData.Parse(json));
    }

    [Fact]
    public void Parse_reads_the_api_doc_example()
    {
        var userData = SnapshotUserData.Parse("""{"MessageCallback":{"CallbackURL":"http://test.test.com"},"Extend":{"localId":"xxx","test":"www"}}""");

        Assert.Equal(new Uri("http://test.test.com"), userData.CallbackUrl);
        Assert.Equal("""{"localId":"xxx","test":"www"}""", userData.Extend);
    }

    [Fact]
    public void Parse_accepts_MessageCallback_written_as_a_json_string()
    {
        var userData = SnapshotUserData.Parse("""{"MessageCallback":"{\"CallbackURL\":\"https://hooks.example.com/vod?x=1\",\"CallbackType\":\"http\"}"}""");

        Assert.Equal(new Uri("https://hooks.example.com/vod?x=1"), userData.CallbackUrl);
    }

    [Theory]
    [InlineData("""{"MessageCallback":{"CallbackURL":"http://a.example.com/cb","CallbackType":"http"}}""")]
    [InlineData("""{"MessageCallback":{"CallbackURL":"http://a.example.com/cb","CallbackType":"HTTP"}}""")]
    [InlineData("""{"MessageCallback":{"CallbackURL":"http://a.example.com/cb","CallbackType":null}}""")]
    [InlineData("""{"messagecallback":{"callbackurl":"http://a.example.com/cb"}}""")]
    public void Parse_defaults_CallbackType_to_http(string json)
    {
        Assert.Equal(new Uri("http://a.example.com/cb"), SnapshotUserData.Parse(json).CallbackUrl);
    }

    [Theory]
    [InlineData("""{"MessageCallback":{}}""")]
    [InlineData("""{"MessageCallback":{"CallbackURL":""}}""")]
    [InlineData("""{"MessageCallback":""}""")]
    [InlineData("""{"MessageCallback":null}""")]
    [InlineData("""{"Extend":"x"}""")]
    public void Parse_without_a_callback_url_leaves_the_fallback_in_place(string json)
    {
        Assert.Null(SnapshotUserData.Parse(json).CallbackUrl);
    }

    [Theory]
    [InlineData("""{"Extend":"test data"}""", "test data")]
    [InlineData("""{"Extend":"  {not json}  "}""", "  {not json}  ")]
    [InlineData("""{"Extend": { "a" : [1, 2],  "b" : {"c": true} } }""", """{"a":[1,2],"b":{"c":true}}""")]
    [InlineData("""{"Extend":{"name":"视频","tag":"<b>&"}}""", """{"name":"视频","tag":"<b>&"}""")]
    [InlineData("""{"Extend":{"q":"say \"hi\""}}""", """{"q":"say \"hi\""}""")]
    [InlineData("""{"Extend":42}""", "42")]
    [InlineData("""{"Extend":[1,"two"]}""", """[1,"two"]""")]
    [InlineData("""{"Extend":null}""", null)]
    public void Parse_returns_Extend_as_a_string_with_objects_as_compact_json(string json, string? extend)
    {
        Assert.Equal(extend, SnapshotUserData.Parse(json).Extend);
    }

    [Fact]
    public void Parse_ignores_fields_that_do_not_concern_snapshots()
    {
        var userData = SnapshotUserData.Parse("""{"AccelerateConfig":{"Type":"oss","Domain":"https://oss-accelerate.aliyuncs.com"},"Extend":"e"}""");

        Assert.Equal(new SnapshotUserData(null, "e"), userData);
    }

    [Theory]
    [InlineData(512)]
    [InlineData(510)]
    public void Parse_allows_Extend_up_to_512_utf8_bytes(int bytes)
    {
        var text = bytes == 512 ? new string('a', 512) : string.Concat(Enumerable.Repeat("视", 170));

        Assert.Equal(text, SnapshotUserData.Parse($$"""{"Extend":"{{text}}"}""").Extend);
    }

    public static TheoryData<string, string> BadUserData => new()
    {
        { "not json", "JSON object" },
        { "[1]", "JSON object" },
        { "\"text\"", "JSON object" },
        { """{"Extend":"x",}""", "JSON object" },
        { """{"Extend":"x","extend":"y"}""", "extend" },
        { """{"MessageCallback":42}""", "MessageCallback" },
        { """{"MessageCallback":"{broken"}""", "MessageCallback" },
        { """{"MessageCallback":"[1]"}""", "MessageCallback" },
        { """{"MessageCallback":{"CallbackURL":"http://a.example.com","callbackurl":"http://b.example.com"}}""", "MessageCallback.callbackurl" },
        { """{"MessageCallback":{"CallbackURL":"http://a.example.com","CallbackType":"mns"}}""", "CallbackType" },
        { """{"MessageCallback":{"CallbackURL":"http://a.example.com","CallbackType":1}}""", "CallbackType" },
        { """{"MessageCallback":{"CallbackURL":"ftp://a.example.com/cb"}}""", "CallbackURL" },
        { """{"MessageCallback":{"CallbackURL":"/relative/cb"}}""", "CallbackURL" },
        { """{"MessageCallback":{"CallbackURL":"a.example.com/cb"}}""", "CallbackURL" },
        { """{"MessageCallback":{"CallbackURL":"http://"}}""", "CallbackURL" },
        { """{"MessageCallback":{"CallbackURL":7}}""", "CallbackURL" },
        { "{\"Extend\":\"" + new string('a', 513) + "\"}", "Extend" },
        { "{\"Extend\":\"" + string.Concat(Enumerable.Repeat("视", 171)) + "\"}", "Extend" },
        { "{\"Extend\":{\"k\":\"" + new string('a', 505) + "\"}}", "Extend" },
    };

    [Theory]
    [MemberData(nameof(BadUserData))]
    public void Parse_errors_are_InvalidParameter_UserData_naming_the_field(string json, string field)
    {
        var error = RpcAssert.InvalidParameter("UserData", () => SnapshotUserData.Parse(json));
        Assert.Contains(field, error.Message, StringComparison.Ordinal);
    }
}
