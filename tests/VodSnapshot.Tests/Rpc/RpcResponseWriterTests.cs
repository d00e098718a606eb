using System.Net;
using System.Text.Json.Nodes;
using System.Xml.Linq;
using VodSnapshot.Api.Rpc;

namespace VodSnapshot.Tests.Rpc;

[Trait("Category", "Unit")]
public class RpcResponseWriterTests
{
    [Fact]
    public void Success_body_starts_with_RequestId_and_has_no_Code()
    {
        var body = RpcResponseWriter.SuccessBody("ABC", new { SnapshotJob = new { JobId = "j" } });

        Assert.Equal("ABC", body.First().Value!.GetValue<string>());
        Assert.Equal("RequestId", body.First().Key);
        Assert.False(body.ContainsKey("Code"));
        Assert.Equal("j", body["SnapshotJob"]!["JobId"]!.GetValue<string>());
    }

    [Fact]
    public void Error_body_carries_the_vendor_fields()
    {
        var body = RpcResponseWriter.ErrorBody("REQ", "vod.example", RpcErrors.MissingParameter("VideoId"));

        Assert.Equal(["RequestId", "HostId", "Code", "Message", "Recommend"], body.Select(p => p.Key));
        Assert.Equal("MissingParameter", body["Code"]!.GetValue<string>());
        Assert.Contains("\"VideoId\"", body["Message"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Contains("q=MissingParameter", body["Recommend"]!.GetValue<string>(), StringComparison.Ordinal);
    }

    [Fact]
    public void Xml_repeats_the_element_name_of_list_items_and_nests_objects()
    {
        var body = new JsonObject
        {
            ["RequestId"] = "R",
            ["MediaSnapshot"] = new JsonObject
            {
                ["Total"] = 2,
                ["Snapshots"] = new JsonObject { ["Snapshot"] = new JsonArray(new JsonObject { ["Index"] = 1 }, new JsonObject { ["Index"] = 2 }) },
            },
            ["FailedFileURLs"] = new JsonArray("a", "b"),
            ["NewRegister"] = false,
            ["Missing"] = null,
        };

        var xml = XElement.Parse(RpcResponseWriter.ToXml("ListSnapshotsResponse", body));

        Assert.Equal("ListSnapshotsResponse", xml.Name.LocalName);
        Assert.Equal("2", xml.Element("MediaSnapshot")!.Element("Total")!.Value);
        Assert.Equal(["1", "2"], xml.Element("MediaSnapshot")!.Element("Snapshots")!.Elements("Snapshot").Select(s => s.Element("Index")!.Value));
        Assert.Equal(["a", "b"], xml.Elements("FailedFileURLs").Select(e => e.Value));
        Assert.Equal("false", xml.Element("NewRegister")!.Value);
        Assert.Null(xml.Element("Missing"));
    }

    [Fact]
    public void Xml_escapes_text()
    {
        var xml = RpcResponseWriter.ToXml("R", new JsonObject { ["Url"] = "http://h/a?b=1&c=<2>" });

        Assert.Equal("http://h/a?b=1&c=<2>", XElement.Parse(xml).Element("Url")!.Value);
        Assert.StartsWith("<?xml version='1.0' encoding='UTF-8'?>", xml, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("InvalidAction.NotFound", HttpStatusCode.NotFound)]
    [InlineData("MissingParameter", HttpStatusCode.BadRequest)]
    [InlineData("InvalidVersion", HttpStatusCode.BadRequest)]
    [InlineData("InternalError", HttpStatusCode.InternalServerError)]
    public void Errors_carry_the_vendor_status(string code, HttpStatusCode status)
    {
        var error = code switch
        {
            "InvalidAction.NotFound" => RpcErrors.ActionNotFound(),
            "MissingParameter" => RpcErrors.MissingParameter("X"),
            "InvalidVersion" => RpcErrors.InvalidVersion(),
            _ => RpcErrors.InternalError(),
        };

        Assert.Equal(code, error.Code);
        Assert.Equal(status, error.Status);
    }
}
