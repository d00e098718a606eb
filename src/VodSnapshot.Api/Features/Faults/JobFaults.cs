using VodSnapshot.Api.Rpc;

namespace VodSnapshot.Api.Features.Faults;

/// <summary>Which faults a new job gets: the request's own replace the configured ones, so <c>none</c> switches them off for one job.</summary>
public static class JobFaults
{
    public const string Header = "X-VodSnapshot-Fault";

    /// <summary>The UserData field that carries fault text, for callers whose SDK cannot set headers.</summary>
    public const string UserDataField = "VodSnapshotFault";

    /// <param name="header">The header's value, or null.</param>
    /// <param name="userDataField">UserData's <see cref="UserDataField"/>, or null; the header wins when both are given.</param>
    /// <param name="options">The configured faults and whether a request may set its own.</param>
    public static FaultSpec Resolve(string? header, string? userDataField, FaultOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var (text, source) = header is not null ? (header, Header) : (userDataField, "UserData");
        if (text is null)
        {
            return options.ToSpec();
        }

        if (!options.AllowPerRequest)
        {
            throw RpcErrors.InvalidParameter(source, "Faults set per request are off on this service (Faults:AllowPerRequest).");
        }

        return FaultSpec.Parse(text, source);
    }
}
