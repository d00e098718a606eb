using System.Globalization;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Time.Testing;
using VodSnapshot.Api.Security;
using VodSnapshot.Media.Probing;

namespace VodSnapshot.Tests.TestSupport;

/// <summary>
/// What a <see cref="TestHost"/> starts with: settings, services replaced by test doubles, a callback receiver.
/// Every call returns the builder, so a host reads as one expression:
/// <code>TestHost.Create(b => b.ForSignedCalls().Set("Security:AllowAnonymous", "false"))</code>.
/// </summary>
public sealed class TestHostBuilder
{
    /// <summary>The fixed time <see cref="ForSignedCalls"/> starts its clock at.</summary>
    public static readonly DateTimeOffset SigningEpoch = new(2026, 3, 2, 8, 30, 0, TimeSpan.Zero);

    internal Dictionary<string, string?> Settings { get; } = new(StringComparer.OrdinalIgnoreCase);

    internal List<Action<IServiceCollection>> Services { get; } = [];

    internal FakeTimeProvider? Clock { get; private set; }

    internal RecordingProber? Prober { get; private set; }

    /// <summary>The database the host runs on (<see cref="On"/>).</summary>
    internal DatabaseKind Database { get; private set; } = DatabaseKind.Sqlite;

    /// <summary>The path callbacks go to by default when a receiver is started; null for no receiver.</summary>
    internal string? ReceiverPath { get; private set; }

    /// <summary>
    /// Runs the host on <paramref name="database"/>: SQLite in its state folder (default), or a PostgreSQL database of its
    /// own with its job queues there too (<see cref="TestDatabase"/>).
    /// </summary>
    public TestHostBuilder On(DatabaseKind database)
    {
        Database = database;
        return this;
    }

    /// <summary>Sets one configuration value (<c>Section:Key</c>).</summary>
    public TestHostBuilder Set(string key, string? value)
    {
        Settings[key] = value;
        return this;
    }

    public TestHostBuilder Set(IEnumerable<KeyValuePair<string, string?>> settings)
    {
        foreach (var (key, value) in settings)
        {
            Settings[key] = value;
        }

        return this;
    }

    public TestHostBuilder Set(string key, TimeSpan value) => Set(key, value.ToString("c", CultureInfo.InvariantCulture));

    /// <summary>Registers <paramref name="instance"/> as the only <typeparamref name="TService"/>.</summary>
    public TestHostBuilder Replace<TService>(TService instance)
        where TService : class
    {
        Services.Add(services => services.Replace(ServiceDescriptor.Singleton(instance)));
        return this;
    }

    /// <summary>The service's clock stands still at <paramref name="start"/> until a test advances <see cref="TestHost.Clock"/>.</summary>
    public TestHostBuilder WithFakeClock(DateTimeOffset start)
    {
        Clock = new FakeTimeProvider(start);
        return Replace<TimeProvider>(Clock);
    }

    /// <summary>A prober that runs nothing (see <see cref="RecordingProber"/>), readable as <see cref="TestHost.Prober"/>.</summary>
    public TestHostBuilder WithRecordingProber()
    {
        Prober = new RecordingProber();
        return Replace<IMediaProber>(Prober);
    }

    /// <summary>Names resolve through <paramref name="hosts"/> instead of DNS.</summary>
    public TestHostBuilder WithHosts(IHostAddressResolver hosts) => Replace(hosts);

    /// <summary>The access key <see cref="RpcCalls.KeyId"/> with secret <see cref="RpcCalls.Secret"/>.</summary>
    public TestHostBuilder WithAccessKey() =>
        Set("Security:AccessKeys:0:AccessKeyId", RpcCalls.KeyId).Set("Security:AccessKeys:0:AccessKeySecret", RpcCalls.Secret);

    /// <summary>
    /// The RPC surface alone, for signing and input checks: the test access key, a clock fixed at <paramref name="now"/>
    /// (default <see cref="SigningEpoch"/>) and a prober that runs nothing.
    /// </summary>
    public TestHostBuilder ForSignedCalls(DateTimeOffset? now = null) => WithAccessKey().WithFakeClock(now ?? SigningEpoch).WithRecordingProber();

    /// <summary>
    /// Starts a <see cref="CallbackReceiver"/> with the host (<see cref="TestHost.Receiver"/>); unless Callback:Url is set,
    /// every job's callback goes to its <paramref name="path"/>.
    /// </summary>
    public TestHostBuilder WithCallbackReceiver(string path = "/global")
    {
        ReceiverPath = path;
        return this;
    }
}
