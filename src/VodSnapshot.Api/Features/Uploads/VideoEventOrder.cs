namespace VodSnapshot.Api.Features.Uploads;

/// <summary>
/// One turn at a time per video, so a video's media events leave in order even with several delivery workers; the
/// lock of a video exists only while someone holds or waits for it.
/// </summary>
public sealed class VideoEventOrder
{
    private readonly Dictionary<string, Turn> _turns = new(StringComparer.Ordinal);

    /// <summary>Waits for the video's turn; disposing the answer ends it.</summary>
    public async Task<IDisposable> EnterAsync(string videoId, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(videoId);
        Turn turn;
        lock (_turns)
        {
            if (!_turns.TryGetValue(videoId, out turn!))
            {
                turn = new Turn();
                _turns[videoId] = turn;
            }

            turn.Users++;
        }

        try
        {
            await turn.Gate.WaitAsync(ct);
        }
        catch
        {
            Leave(videoId, turn, entered: false);
            throw;
        }

        return new Release(() => Leave(videoId, turn, entered: true));
    }

    private void Leave(string videoId, Turn turn, bool entered)
    {
        if (entered)
        {
            turn.Gate.Release();
        }

        lock (_turns)
        {
            if (--turn.Users == 0)
            {
                _turns.Remove(videoId);
                turn.Gate.Dispose();
            }
        }
    }

    private sealed class Turn
    {
        public SemaphoreSlim Gate { get; } = new(1, 1);

        public int Users { get; set; }
    }

    private sealed class Release(Action release) : IDisposable
    {
        private Action? _release = release;

        public void Dispose() => Interlocked.Exchange(ref _release, null)?.Invoke();
    }
}
