using System.ComponentModel.DataAnnotations;
using VodSnapshot.Api.Features.Callbacks;

namespace VodSnapshot.Tests.Callbacks;

[Trait("Category", "Unit")]
public class CallbackOptionsTests
{
    private static List<string> Problems(CallbackOptions options)
    {
        var results = new List<ValidationResult>();
        Validator.TryValidateObject(options, new ValidationContext(options), results, validateAllProperties: true);
        return [.. results.Select(r => r.ErrorMessage ?? string.Empty)];
    }

    [Fact]
    public void The_defaults_are_valid() => Assert.Empty(Problems(new CallbackOptions()));

    [Theory]
    [InlineData("ftp://example.com/cb", "absolute http or https")]
    [InlineData("/relative/cb", "absolute http or https")]
    [InlineData("not a url", "absolute http or https")]
    public void The_global_url_must_be_http_or_https(string url, string problem) =>
        Assert.Contains(Problems(new CallbackOptions { Url = url }), p => p.Contains(problem, StringComparison.Ordinal));

    [Fact]
    public void Urls_over_256_bytes_are_refused_and_256_is_fine()
    {
        var prefix = "http://example.com/";
        var exact = prefix + new string('a', 256 - prefix.Length);

        Assert.Empty(Problems(new CallbackOptions { Url = exact }));
        Assert.Contains(Problems(new CallbackOptions { Url = exact + "a" }), p => p.Contains("at most 256 bytes (it is 257)", StringComparison.Ordinal));
        Assert.Equal("must be at most 256 bytes (it is 257)", CallbackUrlRules.Problem(exact + "a"));
        // Non-ASCII is counted as it is sent: percent-encoded.
        Assert.NotNull(CallbackUrlRules.Problem(prefix + new string('é', 40)));
    }

    [Theory]
    [InlineData("", false)]
    [InlineData("has space", false)]
    [InlineData("0123456789abcdef0123456789ABCDEF", true)]
    [InlineData("0123456789abcdef0123456789ABCDEFx", false)]
    [InlineData("test123", true)]
    public void The_auth_key_follows_the_vendors_length_limit(string key, bool valid) =>
        Assert.Equal(valid, Problems(new CallbackOptions { AuthKey = key }).Count == 0);

    [Fact]
    public void Attempts_timeout_and_retry_delay_have_bounds()
    {
        Assert.NotEmpty(Problems(new CallbackOptions { Attempts = 0 }));
        Assert.NotEmpty(Problems(new CallbackOptions { Timeout = TimeSpan.Zero }));
        Assert.NotEmpty(Problems(new CallbackOptions { RetryDelay = TimeSpan.FromMinutes(11) }));
        Assert.Empty(Problems(new CallbackOptions { Attempts = 1, RetryDelay = TimeSpan.Zero, Timeout = TimeSpan.FromMilliseconds(100) }));
    }
}
