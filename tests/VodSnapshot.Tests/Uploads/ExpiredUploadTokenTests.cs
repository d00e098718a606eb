using Microsoft.Extensions.Time.Testing;
using VodSnapshot.Api.Persistence;

namespace VodSnapshot.Tests.Uploads;

/// <summary>Temporary upload credentials stop working when UploadAuth.ExpireUTCTime passes (3000 s), as the vendor's do.</summary>
public class ExpiredUploadTokenTests(ExpiredUploadTokenTests.Service service) : IClassFixture<ExpiredUploadTokenTests.Service>
{
    [Fact(Timeout = 60_000)]
    public async Task An_upload_with_expired_credentials_is_refused_and_stores_nothing()
    {
        service.Sample.SkipUnlessInstalled();
        var (videoId, address, auth) = await service.CreateUploadAsync();
        var decoded = UploadService.Decode(auth);
        Assert.Equal("3000", decoded.GetProperty("Expiration").GetString());
        var expires = DateTimeOffset.Parse(decoded.GetProperty("ExpireUTCTime").GetString()!, System.Globalization.CultureInfo.InvariantCulture);

        service.Clock.SetUtcNow(expires);
        var output = await service.OssCallAsync("put", service.Sample.Folder + "/package.json", address, auth);

        var error = output.GetProperty("error");
        Assert.Equal("SecurityTokenExpired", error.GetProperty("code").GetString());
        Assert.Equal(403, error.GetProperty("status").GetInt32());
        Assert.Equal(VideoStatus.Uploading, service.Video(videoId).Status);
        Assert.Empty(service.StoredFiles(videoId));
    }

    /// <summary>The upload service with a clock the test moves (it starts at the real time, as the client's requests are dated).</summary>
    public sealed class Service : UploadService
    {
        public Service()
            : this(new FakeTimeProvider(DateTimeOffset.UtcNow))
        {
        }

        private Service(FakeTimeProvider clock)
            : base(clock) => Clock = clock;

        public FakeTimeProvider Clock { get; }
    }
}
