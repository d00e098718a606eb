namespace VodSnapshot.Api.Rpc;

/// <summary>
/// One RPC action (<c>Action=Name</c>). Implementations live one per file under Features/ and are found by the
/// dispatcher through DI, so adding an action is adding a class and one registration.
/// </summary>
public interface IRpcAction
{
    /// <summary>The vendor's action name, e.g. <c>SubmitSnapshotJob</c>.</summary>
    string Name { get; }

    /// <summary>What Swagger shows: a summary and the action's own parameters.</summary>
    RpcActionDoc Doc { get; }

    /// <summary>
    /// Runs the action. Returns the response body without <c>RequestId</c> (the envelope adds it); expected failures
    /// are thrown as <see cref="RpcException"/>.
    /// </summary>
    Task<object> ExecuteAsync(RpcRequest request, CancellationToken cancellationToken);
}

/// <summary>Documentation of an action for Swagger.</summary>
public sealed record RpcActionDoc(string Summary, IReadOnlyList<RpcParameterDoc> Parameters, string Tag = "Snapshots");

/// <summary>One documented parameter.</summary>
/// <param name="Name">The wire name.</param>
/// <param name="Type">OpenAPI type: string, integer, number or boolean.</param>
/// <param name="Required">Whether the action refuses a call without it.</param>
/// <param name="Description">What it means, with the vendor's units.</param>
/// <param name="Default">The value used when it is absent.</param>
/// <param name="Minimum">Lowest accepted value, for integers.</param>
/// <param name="Maximum">Highest accepted value, for integers.</param>
/// <param name="Example">A value a person can execute as is.</param>
public sealed record RpcParameterDoc(
    string Name,
    string Type,
    bool Required,
    string Description,
    string? Default = null,
    long? Minimum = null,
    long? Maximum = null,
    string? Example = null);
