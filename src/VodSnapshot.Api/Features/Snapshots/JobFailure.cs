using VodSnapshot.Api.Features.Faults;
using VodSnapshot.Api.Features.Snapshots.Planning;
using VodSnapshot.Api.Storage;
using VodSnapshot.Media.Extraction;

namespace VodSnapshot.Api.Features.Snapshots;

/// <summary>A job failure with the vendor-style code reported in the callback.</summary>
public sealed class SnapshotJobException(string code, string message) : Exception(message)
{
    public string Code { get; } = code;
}

/// <summary>What a failed run reports: the code from <see cref="JobErrors"/> (or an injected one) and a message safe to show.</summary>
public static class JobFailure
{
    public static (string Code, string Message) Describe(Exception failure) => failure switch
    {
        SnapshotJobException e => (e.Code, e.Message),
        InjectedJobFaultException e => (e.Code, e.Message),
        FrameExtractionException e => (JobErrors.For(e.Kind), e.Message),
        MissingOutputException e => (JobErrors.Internal, e.Message),
        Microsoft.EntityFrameworkCore.DbUpdateException or System.Data.Common.DbException => (JobErrors.Internal, "The job's results could not be stored: the database refused the write (is the disk full?)."),
        _ => (JobErrors.Internal, "The snapshot job failed unexpectedly."),
    };
}
