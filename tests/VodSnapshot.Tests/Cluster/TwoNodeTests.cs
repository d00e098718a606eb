using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text.Json;
using Npgsql;
using VodSnapshot.Api.Features.Snapshots;
using VodSnapshot.Tests.TestSupport;

namespace VodSnapshot.Tests.Cluster;

/// <summary>
/// Two real service processes on two loopback ports, one PostgreSQL database (rows and queues), one shared state
/// folder. Jobs go to both; one node is killed (SIGKILL) in the middle of a job and started again while the other is
/// still busy. Each job succeeds exactly once, with one event, and no two runs of a job ever hold it at once.
/// </summary>
public sealed class TwoNodeTests(TestClips clips) : IClassFixture<TestClips>, IDisposable
{
    private const int JobsPerNode = 4;
    private const string PublicBase = "http://vod.cluster.test";

    private readonly string _root = Directory.CreateTempSubdirectory("vodsnapshot-cluster-").FullName;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact(Timeout = 300_000)]
    public async Task Jobs_on_two_nodes_succeed_exactly_once_through_a_kill_and_a_restart_of_one_of_them()
    {
        TestDatabase.SkipIfUnavailable();
        using var database = TestDatabase.Create();
        await using var receiver = await CallbackReceiver.StartAsync();
        var nodes = await Task.WhenAll(StartAsync("node-a", database, receiver), StartAsync("node-b", database, receiver));
        var (a, b) = (nodes[0], nodes[1]);
        await using var sampler = new LeaseSampler(database.ConnectionString);
        try
        {
            var video = await RegisterAsync(a.Client);
            // Four frames, then two seconds between extracting and publishing them: some jobs are always mid-run.
            var delayed = new Dictionary<string, string> { ["X-VodSnapshot-Fault"] = "delay=2" };
            var four = new Dictionary<string, string> { ["Count"] = "4", ["Interval"] = "1" };
            var jobs = new List<string>();
            for (var i = 0; i < JobsPerNode; i++)
            {
                jobs.Add(await a.Client.SubmitAsync(video, four, delayed, Ct));
                jobs.Add(await b.Client.SubmitAsync(video, four, delayed, Ct));
            }

            // The kill lands while node A holds at least one job.
            var orphaned = await WaitForAsync(async () => (await sampler.HeldByAsync("node-a/")) is { Count: > 0 } held ? held : null, TimeSpan.FromSeconds(60));
            a.Kill();
            var sinceKill = Stopwatch.StartNew();
            orphaned = [.. orphaned.Union(await sampler.HeldByAsync("node-a/"))];
            await a.DisposeAsync();

            a = await StartAsync("node-a", database, receiver);
            var restarted = sinceKill.Elapsed;
            await WaitForAsync(async () => await sampler.AllSucceededAsync(orphaned) ? true : (bool?)null, TimeSpan.FromSeconds(90));
            var orphansDone = sinceKill.Elapsed;
            await WaitForAsync(async () => await sampler.AllSucceededAsync(jobs) ? true : (bool?)null, TimeSpan.FromSeconds(120));

            // Every event arrives once; a stray second run or round would show up within the queues' invisibility timeout.
            await WaitForAsync(() => Task.FromResult(receiver.All.Count >= jobs.Count ? true : (bool?)null), TimeSpan.FromSeconds(60));
            var rest = TimeSpan.FromSeconds(14) - sinceKill.Elapsed;
            await Task.Delay(rest > TimeSpan.Zero ? rest + TimeSpan.FromSeconds(2) : TimeSpan.FromSeconds(2), Ct);
            var events = receiver.All.Select(c => c.Json).ToList();
            var byJob = events.GroupBy(e => e.GetProperty("JobId").GetString()!, StringComparer.Ordinal)
                .ToDictionary(g => g.Key, g => g.Select(e => e.GetProperty("EventId").GetString()!).ToList(), StringComparer.Ordinal);
            var seen = string.Join("; ", byJob.Select(j => $"{j.Key}: {string.Join(",", j.Value)}"));
            Assert.True(jobs.Order(StringComparer.Ordinal).SequenceEqual(byJob.Keys.Order(StringComparer.Ordinal)), $"jobs {string.Join(",", jobs)}; events {seen}");
            Assert.All(events, e => Assert.Equal("success", e.GetProperty("Status").GetString()));
            Assert.True(byJob.Values.All(ids => ids.Count == 1), $"one event per job: {seen}\nnode B: {b.Output}");
            Assert.Empty(sampler.Overlaps);
            Assert.Equal(jobs.Count, (await sampler.StatusesAsync(jobs)).Count(s => s == "Succeeded"));

            // Every image URL answers the same bytes from both nodes (one shared folder, one public base).
            foreach (var info in events.Select(e => TestHost.Info(e, "NormalSnapshot")))
            {
                for (var i = 1; i <= 4; i++)
                {
                    var url = new Uri(TestHost.ImageUrl(info, i));
                    Assert.Equal(PublicBase, url.GetLeftPart(UriPartial.Authority));
                    var fromA = await a.Client.GetByteArrayAsync(url.PathAndQuery, Ct);
                    var fromB = await b.Client.GetByteArrayAsync(url.PathAndQuery, Ct);
                    Assert.True(fromA.Length > 0 && fromA.AsSpan().SequenceEqual(fromB), url.ToString());
                }
            }

            // A signed request accepted by one node is a replay on the other.
            var call = RpcCalls.SignedCall("GET", "GetVideoInfo", [new("VideoId", video)], DateTimeOffset.UtcNow);
            var (acceptedStatus, accepted) = await b.Client.GetRpcAsync(call, ct: Ct);
            var (replayedStatus, replayed) = await a.Client.GetRpcAsync(call, ct: Ct);
            Assert.True(acceptedStatus == HttpStatusCode.OK, accepted.ToString());
            Assert.Equal((HttpStatusCode.BadRequest, "SignatureNonceUsed"), (replayedStatus, replayed.GetProperty("Code").GetString()));

            TestContext.Current.TestOutputHelper?.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{orphaned.Count} jobs orphaned by the kill; node restarted {restarted.TotalSeconds:0.0} s after it; orphaned jobs all succeeded {orphansDone.TotalSeconds:0.0} s after the kill (lease 6 s, sweep 1 s, each job has a 2 s injected delay)."));
        }
        finally
        {
            await a.DisposeAsync();
            await b.DisposeAsync();
        }
    }

    /// <summary>Throughput of the same work on one node and on two (figures only; targets live in bench/).</summary>
    [Fact(Timeout = 300_000)]
    public async Task The_same_jobs_finish_on_one_node_and_on_two_each_once()
    {
        TestDatabase.SkipIfUnavailable();
        const int count = 12;
        var perMinute = new List<double>();
        foreach (var nodeCount in new[] { 1, 2 })
        {
            using var database = TestDatabase.Create();
            await using var receiver = await CallbackReceiver.StartAsync();
            var nodes = await Task.WhenAll(Enumerable.Range(0, nodeCount).Select(i => StartAsync($"node-{i}", database, receiver, nodeCount)));
            try
            {
                var video = await RegisterAsync(nodes[0].Client);
                await using var sampler = new LeaseSampler(database.ConnectionString);
                var watch = Stopwatch.StartNew();
                var jobs = await Task.WhenAll(Enumerable.Range(0, count).Select(i =>
                    nodes[i % nodeCount].Client.SubmitAsync(video, new Dictionary<string, string> { ["Count"] = "4", ["Interval"] = "1" }, ct: Ct)));
                await WaitForAsync(async () => await sampler.AllSucceededAsync(jobs) ? true : (bool?)null, TimeSpan.FromSeconds(240));
                perMinute.Add(count / watch.Elapsed.TotalMinutes);
                await WaitForAsync(() => Task.FromResult(receiver.All.Count >= count ? true : (bool?)null), TimeSpan.FromSeconds(30));
                Assert.Equal(jobs.Order(StringComparer.Ordinal), receiver.All.Select(c => c.Json.GetProperty("JobId").GetString()!).Order(StringComparer.Ordinal));
                Assert.Empty(sampler.Overlaps);
            }
            finally
            {
                foreach (var node in nodes)
                {
                    await node.DisposeAsync();
                }
            }
        }

        TestContext.Current.TestOutputHelper?.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{count} jobs of 4 frames, one job at a time per node, {Environment.ProcessorCount} cores: {perMinute[0]:0} jobs/min on one node, {perMinute[1]:0} jobs/min on two."));
    }

    private Task<ServiceProcess> StartAsync(string name, TestDatabase database, CallbackReceiver receiver, int nodes = 2) =>
        ServiceProcess.StartAsync(new Dictionary<string, string>
        {
            ["Storage__Root"] = Path.Combine(_root, "shared", "state"),
            ["Storage__PublicBaseUrl"] = PublicBase,
            ["Storage__Provider"] = "PostgreSql",
            ["ConnectionStrings__Vod"] = database.ConnectionString,
            ["Jobs__Storage"] = "PostgreSql",
            ["Jobs__LeaseDuration"] = "00:00:06",
            ["Jobs__SweepInterval"] = "00:00:01",
            ["Jobs__InvisibilityTimeout"] = "00:00:10",
            ["Jobs__MaxConcurrency"] = "1",
            ["Cluster__NodeName"] = name,
            ["Cluster__Nodes"] = nodes.ToString(CultureInfo.InvariantCulture),
            ["Media__Roots__0"] = Path.Combine(_root, "shared", "media"),
            ["Callback__Url"] = receiver.Url("/cluster"),
            ["Callback__RetryDelay"] = "00:00:00.200",
            // One event per submitted job: the registration's cover job (and its event) is not what is counted here.
            ["Covers__Enabled"] = "false",
            ["Security__AccessKeys__0__AccessKeyId"] = RpcCalls.KeyId,
            ["Security__AccessKeys__0__AccessKeySecret"] = RpcCalls.Secret,
        }, Ct);

    private async Task<string> RegisterAsync(HttpClient client)
    {
        var media = Directory.CreateDirectory(Path.Combine(_root, "shared", "media")).FullName;
        var path = Path.Combine(media, "ramp.mp4");
        File.Copy(clips.Ramp, path, overwrite: true);
        return await client.RegisterAsync(new Uri(path).AbsoluteUri, Ct);
    }

    private static async Task<T> WaitForAsync<T>(Func<Task<T?>> probe, TimeSpan timeout)
        where T : class
    {
        var watch = Stopwatch.StartNew();
        while (true)
        {
            if (await probe() is { } value)
            {
                return value;
            }

            Assert.True(watch.Elapsed < timeout, $"Not there within {timeout.TotalSeconds} s.");
            await Task.Delay(50, Ct);
        }
    }

    private static async Task WaitForAsync(Func<Task<bool?>> probe, TimeSpan timeout) =>
        await WaitForAsync(async () => await probe() is true ? "done" : null, timeout);

    public void Dispose()
    {
        try
        {
            Directory.Delete(_root, recursive: true);
        }
        catch (IOException)
        {
            // Left in the temp area if something still holds a file.
        }
    }

    /// <summary>
    /// Reads the job rows of the database every 25 ms and records every lease handover: a new run may only take a job
    /// from another run whose lease had expired (or that gave it up), never from a live one.
    /// </summary>
    private sealed class LeaseSampler : IAsyncDisposable
    {
        private readonly NpgsqlDataSource _source;
        private readonly CancellationTokenSource _stop = new();
        private readonly Dictionary<string, (string Owner, DateTime Expires)> _last = new(StringComparer.Ordinal);
        private readonly List<string> _overlaps = [];
        private readonly Task _sampling;

        public LeaseSampler(string connectionString)
        {
            _source = NpgsqlDataSource.Create(connectionString);
            _sampling = SampleAsync();
        }

        public IReadOnlyList<string> Overlaps
        {
            get
            {
                lock (_overlaps)
                {
                    return [.. _overlaps];
                }
            }
        }

        public async Task<List<string>> HeldByAsync(string ownerPrefix)
        {
            await using var command = _source.CreateCommand("""SELECT "Id" FROM "SnapshotJobs" WHERE "LeaseOwner" LIKE $1 AND "Status" = 'Running'""");
            command.Parameters.AddWithValue(ownerPrefix + "%");
            var ids = new List<string>();
            await using var reader = await command.ExecuteReaderAsync(Ct);
            while (await reader.ReadAsync(Ct))
            {
                ids.Add(reader.GetString(0));
            }

            return ids;
        }

        public async Task<List<string>> StatusesAsync(IEnumerable<string> jobs)
        {
            await using var command = _source.CreateCommand("""SELECT "Status" FROM "SnapshotJobs" WHERE "Id" = ANY($1)""");
            command.Parameters.AddWithValue(jobs.ToArray());
            var statuses = new List<string>();
            await using var reader = await command.ExecuteReaderAsync(Ct);
            while (await reader.ReadAsync(Ct))
            {
                statuses.Add(reader.GetString(0));
            }

            return statuses;
        }

        public async Task<bool> AllSucceededAsync(IReadOnlyCollection<string> jobs)
        {
            var statuses = await StatusesAsync(jobs);
            Assert.DoesNotContain("Failed", statuses);
            return statuses.Count == jobs.Count && statuses.All(s => s == "Succeeded");
        }

        private async Task SampleAsync()
        {
            try
            {
                while (!_stop.IsCancellationRequested)
                {
                    await using (var command = _source.CreateCommand("""SELECT "Id", "LeaseOwner", "LeaseExpiresAt", now() FROM "SnapshotJobs" WHERE "LeaseOwner" IS NOT NULL"""))
                    await using (var reader = await command.ExecuteReaderAsync(_stop.Token))
                    {
                        while (await reader.ReadAsync(_stop.Token))
                        {
                            Observe(reader.GetString(0), reader.GetString(1), reader.GetFieldValue<DateTime>(2), reader.GetFieldValue<DateTime>(3));
                        }
                    }

                    await Task.Delay(25, _stop.Token);
                }
            }
            catch (OperationCanceledException)
            {
                // Stopped.
            }
        }

        private void Observe(string job, string owner, DateTime expires, DateTime now)
        {
            // Requeued and Unqueued mark a job no run holds (queued again, or saved and not queued yet).
            if (_last.TryGetValue(job, out var last) && last.Owner != owner && !IsMark(owner) && !IsMark(last.Owner) && last.Expires > now)
            {
                lock (_overlaps)
                {
                    _overlaps.Add($"{job}: {owner} took over from {last.Owner} whose lease ran until {last.Expires:O} (seen at {now:O})");
                }
            }

            _last[job] = (owner, expires);
        }

        private static bool IsMark(string owner) => owner is JobLeases.Requeued or JobLeases.Unqueued;

        public async ValueTask DisposeAsync()
        {
            await _stop.CancelAsync();
            await _sampling;
            await _source.DisposeAsync();
            _stop.Dispose();
        }
    }
}
