namespace VodSnapshot.Api.Hosting;

/// <summary>
/// Keeps a lease in the database alive while its holder works: renews it a third of its duration apart, and cancels
/// <see cref="Token"/> when a renewal finds the lease gone (another node took the work over after it expired).
/// </summary>
public sealed class LeaseKeeper : IAsyncDisposable
{
    private readonly CancellationTokenSource _run;
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _renewing;
    private bool _disposed;

    /// <param name="duration">How long the lease holds without renewal.</param>
    /// <param name="clock">The service's clock.</param>
    /// <param name="renew">Extends the lease; false when the holder no longer holds it.</param>
    /// <param name="outer">The holder's own cancellation (shutting down).</param>
    public LeaseKeeper(TimeSpan duration, TimeProvider clock, Func<CancellationToken, Task<bool>> renew, CancellationToken outer)
    {
        _run = CancellationTokenSource.CreateLinkedTokenSource(outer);
        _renewing = RenewLoopAsync(duration / 3, clock, renew);
    }

    /// <summary>Cancelled when the holder is shut down or has lost its lease.</summary>
    public CancellationToken Token => _run.Token;

    /// <summary>Whether another node took the work over (the lease expired without renewal, or was taken).</summary>
    public bool Lost { get; private set; }

    private async Task RenewLoopAsync(TimeSpan period, TimeProvider clock, Func<CancellationToken, Task<bool>> renew)
    {
        using var timer = new PeriodicTimer(period, clock);
        try
        {
            while (await timer.WaitForNextTickAsync(_stop.Token))
            {
                bool held;
                try
                {
                    held = await renew(_stop.Token);
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    // The database did not answer this time; the next tick tries again, the lease may still hold.
                    continue;
                }

                if (!held)
                {
                    Lost = true;
                    await _run.CancelAsync();
                    return;
                }
            }
        }
        catch (OperationCanceledException)
        {
            // Stopped: the holder is writing its outcome or has ended.
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        await _stop.CancelAsync();
        await _renewing;
        _stop.Dispose();
        _run.Dispose();
    }
}
