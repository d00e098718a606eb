using Hangfire;

namespace VodSnapshot.Api.Features.Callbacks;

/// <summary>Hands a final job's event to the callback queue, so a slow receiver never holds a media worker.</summary>
public sealed class CallbackScheduler(IBackgroundJobClient jobs)
{
    public Task ScheduleAsync(string jobId, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        jobs.Enqueue<CallbackJob>(c => c.DeliverAsync(jobId, CancellationToken.None));
        return Task.CompletedTask;
    }
}
