namespace VodSnapshot.Api.Features.Callbacks;

/// <summary>
/// Runs delivery rounds in the process, without worker threads: a round is a chain of awaits (an attempt on the wire,
/// then a timer until the next one), so a pause between attempts holds nothing, and the only limit is the
/// per-destination one of <see cref="CallbackLanes"/>. The database stays the source of truth: a round reads and
/// writes its delivery row, and whatever a stop cuts short is pending there for the next start. A delivery queued
/// while its round runs gets one more round after it (a redelivery that raced the end of the previous one).
/// </summary>
public sealed partial class CallbackDispatcher(IServiceScopeFactory scopes, ILogger<CallbackDispatcher> logger) : IHostedService, IDisposable
{
    private readonly CancellationTokenSource _stopping = new();
    private readonly Dictionary<string, bool> _running = new(StringComparer.Ordinal);
    private readonly HashSet<Task> _rounds = [];
    private int _disposed;

    /// <summary>Starts the rounds of a saved, pending delivery (a delivery that is not pending is left alone).</summary>
    public void Enqueue(string deliveryId)
    {
        lock (_running)
        {
            if (_running.ContainsKey(deliveryId))
            {
                _running[deliveryId] = true;
                return;
            }

            _running[deliveryId] = false;
            var rounds = Task.Run(() => RunAsync(deliveryId));
            _rounds.Add(rounds);
            rounds.ContinueWith(t => Forget(t), CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
        }
    }

    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>Cuts the rounds short (each has written every attempt it made) and waits for them to end.</summary>
    public async Task StopAsync(CancellationToken cancellationToken)
    {
        if (Volatile.Read(ref _disposed) != 0)
        {
            // A host disposed without being stopped first (a synchronous Dispose) has already cut the rounds short.
            return;
        }

        await _stopping.CancelAsync();
        Task[] rounds;
        lock (_running)
        {
            rounds = [.. _rounds];
        }

        await Task.WhenAll(rounds).WaitAsync(cancellationToken);
    }

    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 0)
        {
            _stopping.Cancel();
            _stopping.Dispose();
        }
    }

    private async Task RunAsync(string deliveryId)
    {
        try
        {
            do
            {
                await using var scope = scopes.CreateAsyncScope();
                await scope.ServiceProvider.GetRequiredService<CallbackJob>().DeliverAsync(deliveryId, _stopping.Token);
            }
            while (Again(deliveryId));
        }
        catch (OperationCanceledException) when (_stopping.IsCancellationRequested)
        {
            // Stopping: the delivery stays pending and the next start goes on with it.
            Done(deliveryId);
        }
        catch (Exception e)
        {
            LogRoundFailed(logger, e, deliveryId);
            Done(deliveryId);
        }
    }

    private bool Again(string deliveryId)
    {
        lock (_running)
        {
            if (_running[deliveryId])
            {
                _running[deliveryId] = false;
                return true;
            }

            _running.Remove(deliveryId);
            return false;
        }
    }

    private void Done(string deliveryId)
    {
        lock (_running)
        {
            _running.Remove(deliveryId);
        }
    }

    private void Forget(Task rounds)
    {
        lock (_running)
        {
            _rounds.Remove(rounds);
        }
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "A delivery round of {DeliveryId} stopped unexpectedly; the delivery stays pending for the next start")]
    private static partial void LogRoundFailed(ILogger logger, Exception exception, string deliveryId);
}
