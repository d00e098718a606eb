using System.Threading.Channels;
using Hangfire;
using VodSnapshot.Api.Persistence;

namespace VodSnapshot.Api.Features.Snapshots;

/// <summary>
/// Stores the rows of submitted jobs by group commit, then queues them: rows that arrive while a transaction is being
/// committed go together into the next one, so concurrent submits share one durable commit (with SQLite one WAL sync,
/// which this kind of disk makes only a few hundred times a second) instead of taking the write lock one after another.
/// A caller's task completes once its row is committed: nothing is answered before it is stored. Queuing follows on a
/// second thread, so the next commit never waits for Hangfire (the in-memory storage answers every enqueue from its own
/// dispatcher thread, two hand-overs per job, which under load were most of a submit's wait). A job stored and not yet
/// queued is not lost if the service dies in between: its row carries the "never queued" mark
/// (<see cref="JobLeases.StageUnqueued"/>) until the queue has it, and the sweeper of any node queues a job whose mark
/// has expired. Each writer on its own thread: the database calls block (Microsoft.Data.Sqlite has no asynchronous I/O)
/// and so does the enqueue, and they block these threads rather than request threads.
/// </summary>
public sealed partial class SnapshotJobIntake : IDisposable
{
    /// <summary>Rows per transaction at most, so one commit stays short under a burst.</summary>
    internal const int MaxBatch = 256;

    private readonly Channel<Pending> _queue = Channel.CreateUnbounded<Pending>(new UnboundedChannelOptions { SingleReader = true });
    private readonly Channel<string> _stored = Channel.CreateUnbounded<string>(new UnboundedChannelOptions { SingleReader = true, SingleWriter = true });
    private readonly IServiceScopeFactory _scopes;
    private readonly IBackgroundJobClient _jobs;
    private readonly JobLeases _leases;
    private readonly ILogger<SnapshotJobIntake> _logger;
    private readonly Thread _writer;
    private readonly Thread _queuer;

    public SnapshotJobIntake(IServiceScopeFactory scopes, IBackgroundJobClient jobs, JobLeases leases, ILogger<SnapshotJobIntake> logger)
    {
        _scopes = scopes;
        _jobs = jobs;
        _leases = leases;
        _logger = logger;
        _writer = new Thread(Store) { IsBackground = true, Name = "snapshot job intake" };
        _queuer = new Thread(Queue) { IsBackground = true, Name = "snapshot job queuer" };
        _writer.Start();
        _queuer.Start();
    }

    /// <summary>
    /// Completes when the row is committed; faults with the database's error (a <c>DbUpdateException</c> for a
    /// ReferenceId stored meanwhile) when it is not. Not cancellable: a row handed over is stored or refused, never left
    /// in between. The job is queued right after, or by the sweeper should the service die first.
    /// </summary>
    public Task StoreAsync(SnapshotJob job)
    {
        var pending = new Pending(job);
        ObjectDisposedException.ThrowIf(!_queue.Writer.TryWrite(pending), this);
        return pending.Stored.Task;
    }

    public void Dispose()
    {
        // Requests have finished before the container is disposed; whatever is still handed over is written and queued first.
        _queue.Writer.TryComplete();
        _writer.Join(TimeSpan.FromSeconds(30));
        _stored.Writer.TryComplete();
        _queuer.Join(TimeSpan.FromSeconds(30));
    }

    private void Store()
    {
        var batch = new List<Pending>(MaxBatch);
        while (_queue.Reader.WaitToReadAsync().AsTask().GetAwaiter().GetResult())
        {
            while (batch.Count < MaxBatch && _queue.Reader.TryRead(out var pending))
            {
                batch.Add(pending);
            }

            Write(batch);
            batch.Clear();
        }
    }

    private void Write(List<Pending> batch)
    {
        try
        {
            Save(batch);
            batch.ForEach(Stored);
        }
        catch (Exception error) when (batch.Count > 1)
        {
            // One row the database refuses (a ReferenceId stored by another node meanwhile) must not refuse the rows
            // beside it: each alone, so every caller hears of its own row only.
            LogBatchRetried(_logger, batch.Count, error);
            foreach (var pending in batch)
            {
                try
                {
                    Save([pending]);
                }
#pragma warning disable CA1031 // the caller's task carries the error to the request that handed the row over
                catch (Exception single)
#pragma warning restore CA1031
                {
                    pending.Stored.TrySetException(single);
                    continue;
                }

                Stored(pending);
            }
        }
#pragma warning disable CA1031 // as above, for a batch of one
        catch (Exception error)
#pragma warning restore CA1031
        {
            batch[0].Stored.TrySetException(error);
        }
    }

    private void Stored(Pending pending)
    {
        _stored.Writer.TryWrite(pending.Job.Id);
        pending.Stored.TrySetResult();
    }

    private void Queue()
    {
        var batch = new List<string>(MaxBatch);
        while (_stored.Reader.WaitToReadAsync().AsTask().GetAwaiter().GetResult())
        {
            while (batch.Count < MaxBatch && _stored.Reader.TryRead(out var jobId))
            {
                batch.Add(jobId);
            }

            MarkQueued(batch.Where(Enqueue).ToList());
            batch.Clear();
        }
    }

    private bool Enqueue(string jobId)
    {
        try
        {
            SnapshotJobRunner.Enqueue(_jobs, jobId);
            return true;
        }
#pragma warning disable CA1031 // the job is stored with its mark: the sweeper queues it when the mark expires
        catch (Exception error)
#pragma warning restore CA1031
        {
            LogNotQueued(_logger, jobId, error);
            return false;
        }
    }

    /// <summary>
    /// Clears the rows' "never queued" mark (see <see cref="JobLeases.StageUnqueued"/>), one update for the batch. A
    /// failure only leaves the mark: the sweeper then queues the job again once the mark expires, and the claim still lets
    /// one run through, so it is logged and never taken for a failure to store.
    /// </summary>
    private void MarkQueued(List<string> queued)
    {
        if (queued.Count == 0)
        {
            return;
        }

        try
        {
            _leases.MarkQueued(queued);
        }
#pragma warning disable CA1031 // see above: the jobs are stored and queued whatever this update does
        catch (Exception error)
#pragma warning restore CA1031
        {
            LogMarkNotCleared(_logger, queued.Count, error);
        }
    }

    private void Save(List<Pending> rows)
    {
        using var scope = _scopes.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<VodDbContext>();
        db.SnapshotJobs.AddRange(rows.Select(p => p.Job));
        db.SaveChanges();
    }

    private sealed class Pending(SnapshotJob job)
    {
        public SnapshotJob Job { get; } = job;

        // Continuations leave the writer thread at once: it goes back to the next batch.
        public TaskCompletionSource Stored { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Snapshot job {JobId} is stored but could not be queued; the sweeper will queue it")]
    private static partial void LogNotQueued(ILogger logger, string jobId, Exception error);

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Count} queued snapshot jobs keep their not-yet-queued mark; the sweeper will queue them again")]
    private static partial void LogMarkNotCleared(ILogger logger, int count, Exception error);

    [LoggerMessage(Level = LogLevel.Information, Message = "A batch of {Count} snapshot jobs was refused; storing each alone")]
    private static partial void LogBatchRetried(ILogger logger, int count, Exception error);
}
