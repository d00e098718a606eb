namespace VodSnapshot.Api.Features.Faults;

/// <summary>
/// Where injected faults meet a snapshot job: the runner calls one hook before its work and one before it publishes
/// the outputs, and knows nothing else about faults.
/// </summary>
public sealed class JobFaultHooks(TimeProvider clock)
{
    /// <summary>A job made to fail waits its delay and then fails with the chosen code, before any work.</summary>
    public async Task BeforeWorkAsync(FaultSpec? faults, CancellationToken ct)
    {
        if (faults?.FailWith is { } injected)
        {
            await DelayAsync(faults, ct);
            throw new InjectedJobFaultException(injected);
        }
    }

    /// <summary>
    /// An injected slow-down sits between work and publication: a crash or shutdown in it leaves finished but
    /// unpublished outputs, which the next run must clear and redo.
    /// </summary>
    public Task BeforePublishAsync(FaultSpec? faults, CancellationToken ct) => DelayAsync(faults, ct);

    private Task DelayAsync(FaultSpec? faults, CancellationToken ct) =>
        faults?.DelaySeconds is > 0 and var seconds ? Task.Delay(TimeSpan.FromSeconds(seconds), clock, ct) : Task.CompletedTask;
}

/// <summary>A job failure chosen by an injected <c>fail=</c> fault; <see cref="Code"/> is reported as the job's error code.</summary>
public sealed class InjectedJobFaultException(string code) : Exception($"Injected fault: the job was made to fail with {code}.")
{
    public string Code { get; } = code;
}
