using VodSnapshot.Tests.TestSupport;

namespace VodSnapshot.Tests.Telemetry;

/// <summary>docker-compose.yml, validated by Debian's docker-compose (it parses and checks the file without an engine).</summary>
public sealed class ComposeFileTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact(Timeout = 60_000)]
    public async Task The_metrics_profile_adds_prometheus_scraping_the_service()
    {
        var withMetrics = await ConfigAsync("--profile", "metrics", "config", "--services");
        var resolved = await ConfigAsync("--profile", "metrics", "config");
        var scrape = await File.ReadAllTextAsync(Path.Combine(Repository.Root, "deploy", "prometheus.yml"), Ct);

        // Only with the profile: the plain `up` starts the service alone.
        Assert.Matches(@"prometheus:\n(\s+.*\n)*?\s+profiles:\n\s+- metrics\n", resolved);
        Assert.Contains("prometheus", withMetrics.Split('\n'));
        Assert.Contains("vodsnapshot", withMetrics.Split('\n'));
        Assert.Contains(Path.Combine(Repository.Root, "deploy", "prometheus.yml"), resolved, StringComparison.Ordinal);
        Assert.Contains("targets: [\"vodsnapshot:8080\"]", scrape, StringComparison.Ordinal);
        Assert.Contains("metrics_path: /metrics", scrape, StringComparison.Ordinal);
    }

    private static async Task<string> ConfigAsync(params string[] arguments)
    {
        var run = await ChildProcess.RunAsync("docker-compose", ["-f", Path.Combine(Repository.Root, "docker-compose.yml"), .. arguments], TimeSpan.FromSeconds(30), Ct, workingDirectory: Repository.Root);
        Assert.True(run.ExitCode == 0, run.Stderr);
        return run.Stdout;
    }
}
