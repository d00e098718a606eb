using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using VodSnapshot.Api.Security;
using VodSnapshot.Tests.TestSupport;

namespace VodSnapshot.Tests.Security;

/// <summary>The documented development key: the embedded default's one key, replaced by any configured key list.</summary>
public class DevelopmentKeyTests
{
    [Fact]
    public void It_is_the_one_key_when_none_is_configured_and_anonymous_calls_are_allowed()
    {
        var options = new SecurityOptions();
        options.ApplyDevelopmentKey();

        var key = Assert.Single(options.AccessKeys);
        Assert.Equal(("LTAIVodSnapshotDevKey", "VodSnapshotDevSecretNotForSharedUse"), (key.AccessKeyId, key.AccessKeySecret));
        Assert.True(options.UsesDevelopmentKey);
    }

    [Fact]
    public void A_configured_key_list_replaces_it_and_a_shared_deployment_never_gets_it()
    {
        var configured = new SecurityOptions { AccessKeys = [new AccessKey { AccessKeyId = "mine", AccessKeySecret = "s" }] };
        var shared = new SecurityOptions { AllowAnonymous = false };
        configured.ApplyDevelopmentKey();
        shared.ApplyDevelopmentKey();

        Assert.Equal("mine", Assert.Single(configured.AccessKeys).AccessKeyId);
        Assert.Empty(shared.AccessKeys);
        Assert.False(configured.UsesDevelopmentKey || shared.UsesDevelopmentKey);
    }

    [Fact]
    public void The_embedded_default_binds_it()
    {
        using var app = new TestHost();

        var options = app.Services.GetRequiredService<IOptions<SecurityOptions>>().Value;

        Assert.True(options.UsesDevelopmentKey);
        Assert.Equal(SecurityOptions.DevelopmentKey.AccessKeyId, Assert.Single(options.AccessKeys).AccessKeyId);
    }
}
