using Microsoft.Extensions.Options;
using VodSnapshot.Api.Persistence.Sqlite;
using VodSnapshot.Api.Storage;
using VodSnapshot.Tests.TestSupport;

namespace VodSnapshot.Tests.Storage;

/// <summary>A SQLite state folder belongs to one process at a time; the setups that cannot be safe do not start.</summary>
public sealed class StateFolderLockTests
{
    [Fact(Timeout = 60_000)]
    public void A_second_service_on_a_state_folder_in_use_refuses_to_start_and_says_why()
    {
        using var first = TestHost.Create(_ => { });
        _ = first.Server;
        using var second = TestHost.Create(b => b.Set("Storage:Root", first.StateRoot));

        var refused = Assert.Throws<InvalidOperationException>(() => second.Server);

        Assert.Contains("is in use by another VodSnapshot process", refused.Message, StringComparison.Ordinal);
        Assert.Contains("vod.db.lock", refused.Message, StringComparison.Ordinal);
    }

    [Fact(Timeout = 60_000)]
    public void The_lock_is_released_with_the_service()
    {
        var state = Directory.CreateTempSubdirectory("vodsnapshot-lock-").FullName;
        try
        {
            var options = Options.Create(new StorageOptions { Root = state });
            using (var held = new StateFolderLock(options))
            {
                held.Acquire();
                using var other = new StateFolderLock(options);
                Assert.Throws<InvalidOperationException>(other.Acquire);
            }

            using var next = new StateFolderLock(options);
            next.Acquire();
        }
        finally
        {
            Directory.Delete(state, recursive: true);
        }
    }

    [Fact(Timeout = 60_000)]
    public void PostgreSQL_queues_over_SQLite_stop_the_service_at_start()
    {
        using var host = TestHost.Create(b => b.Set("Jobs:Storage", "PostgreSql").Set("ConnectionStrings:Vod", "Host=127.0.0.1;Port=1;Username=vod"));

        var refused = Assert.ThrowsAny<Exception>(() => host.Server);

        Assert.Contains("Jobs:Storage=PostgreSql needs Storage:Provider=PostgreSql", refused.ToString(), StringComparison.Ordinal);
    }
}
