using Microsoft.Extensions.Options;
using VodSnapshot.Api.Security;
using VodSnapshot.Tests.TestSupport;

namespace VodSnapshot.Tests.Security;

public class SecurityOptionsTests
{
    private static ValidateOptionsResult Validate(SecurityOptions options) => new SecurityOptionsValidator().Validate(null, options);

    private static AccessKey Key(string id, string secret) => new() { AccessKeyId = id, AccessKeySecret = secret };

    [Trait("Category", "Unit")]
    [Fact]
    public void The_defaults_are_valid_and_documented_values()
    {
        var options = new SecurityOptions();

        Assert.True(Validate(options).Succeeded);
        Assert.True(options.AllowAnonymous);
        Assert.Equal(0, options.RateLimitPerSecond);
        Assert.Equal(65536, options.MaxBodyBytes);
        Assert.Equal(32768, options.MaxQueryStringLength);
        Assert.Equal(100, options.MaxParameters);
        Assert.Equal(1_000_000, options.MaxTrackedNonces);
    }

    [Trait("Category", "Unit")]
    [Theory]
    [InlineData("", "secret", "AccessKeyId must not be empty")]
    [InlineData("  ", "secret", "AccessKeyId must not be empty")]
    [InlineData("id", "", "AccessKeySecret must not be empty")]
    public void Keys_need_an_id_and_a_secret(string id, string secret, string failure)
    {
        var result = Validate(new SecurityOptions { AccessKeys = [Key(id, secret)] });

        Assert.True(result.Failed);
        Assert.Contains(failure, result.FailureMessage, StringComparison.Ordinal);
    }

    [Trait("Category", "Unit")]
    [Fact]
    public void Key_ids_must_be_unique()
    {
        var result = Validate(new SecurityOptions { AccessKeys = [Key("a", "1"), Key("b", "2"), Key("a", "3")] });

        Assert.True(result.Failed);
        Assert.Contains("\"a\" more than once", result.FailureMessage, StringComparison.Ordinal);
        Assert.True(Validate(new SecurityOptions { AccessKeys = [Key("a", "1"), Key("A", "2")] }).Succeeded);
    }

    [Trait("Category", "Unit")]
    [Fact]
    public void Refusing_anonymous_calls_needs_at_least_one_key()
    {
        Assert.True(Validate(new SecurityOptions { AllowAnonymous = false }).Failed);
        Assert.True(Validate(new SecurityOptions { AllowAnonymous = false, AccessKeys = [Key("a", "1")] }).Succeeded);
    }

    [Trait("Category", "Unit")]
    [Fact]
    public void Bounds_must_be_positive_and_the_rate_limit_not_negative()
    {
        Assert.True(Validate(new SecurityOptions { MaxBodyBytes = 0 }).Failed);
        Assert.True(Validate(new SecurityOptions { MaxQueryStringLength = -1 }).Failed);
        Assert.True(Validate(new SecurityOptions { MaxParameters = 0 }).Failed);
        Assert.True(Validate(new SecurityOptions { MaxTrackedNonces = 0 }).Failed);
        Assert.True(Validate(new SecurityOptions { RateLimitPerSecond = -1 }).Failed);
    }

    [Fact]
    public void The_service_does_not_start_with_invalid_keys()
    {
        using var host = TestHost.Create(b => b.ForSignedCalls()
            .Set("Security:AccessKeys:0:AccessKeyId", "dup")
            .Set("Security:AccessKeys:0:AccessKeySecret", "one")
            .Set("Security:AccessKeys:1:AccessKeyId", "dup")
            .Set("Security:AccessKeys:1:AccessKeySecret", "two"));

        var error = Assert.ThrowsAny<Exception>(() => host.CreateClient());

        Assert.Contains("more than once", Flatten(error), StringComparison.Ordinal);
    }

    private static string Flatten(Exception error) =>
        error is AggregateException aggregate
            ? string.Join('\n', aggregate.InnerExceptions.Select(Flatten))
            : error.Message + (error.InnerException is null ? string.Empty : "\n" + Flatten(error.InnerException));
}
