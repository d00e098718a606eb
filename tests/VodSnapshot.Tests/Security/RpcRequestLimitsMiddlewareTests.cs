using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using VodSnapshot.Api.Security;

namespace VodSnapshot.Tests.Security;

/// <summary>The size bounds' middleware on its own, fed a body no real client could send.</summary>
[Trait("Category", "Unit")]
public class RpcRequestLimitsMiddlewareTests
{
    [Fact]
    public async Task A_huge_declared_body_is_refused_after_reading_no_more_than_the_bound()
    {
        var body = new CountingStream(10L * 1024 * 1024);
        var http = new DefaultHttpContext { RequestServices = new ServiceCollection().AddLogging().BuildServiceProvider() };
        http.Request.Method = "POST";
        http.Request.Path = "/";
        http.Request.QueryString = new QueryString("?Format=JSON");
        http.Request.ContentType = "application/x-www-form-urlencoded";
        http.Request.ContentLength = body.Length;
        http.Request.Body = body;
        http.Response.Body = new MemoryStream();
        var reachedAction = false;
        var middleware = new RpcRequestLimitsMiddleware(
            _ => { reachedAction = true; return Task.CompletedTask; },
            Options.Create(new SecurityOptions { MaxBodyBytes = 4096 }),
            NullLogger<RpcRequestLimitsMiddleware>.Instance);

        await middleware.InvokeAsync(http);

        Assert.False(reachedAction);
        Assert.Equal(413, http.Response.StatusCode);
        Assert.Equal(4097, body.Served);
        Assert.Equal("close", http.Response.Headers.Connection.ToString());
    }

    /// <summary>An endless body that counts what the server actually pulled from it.</summary>
    private sealed class CountingStream(long length) : Stream
    {
        public long Served { get; private set; }

        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => false;

        public override long Length => length;

        public override long Position { get => Served; set => throw new NotSupportedException(); }

        public override int Read(byte[] buffer, int offset, int count)
        {
            var n = (int)Math.Min(count, length - Served);
            buffer.AsSpan(offset, n).Fill((byte)'x');
            Served += n;
            return n;
        }

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
