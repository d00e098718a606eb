using System.ComponentModel.DataAnnotations;
using VodSnapshot.Api.Rpc;

namespace VodSnapshot.Api.Features.Faults;

/// <summary>
/// Section <c>Faults</c>: emulator-only faults applied to every job that does not bring its own, and whether a request
/// may bring its own (header <c>X-VodSnapshot-Fault</c> or the UserData field <c>VodSnapshotFault</c>). All off by default.
/// </summary>
public sealed class FaultOptions : IValidatableObject
{
    public const string SectionName = "Faults";

    /// <summary>Every job fails with this error code.</summary>
    public string? FailWith { get; set; }

    /// <summary>Every run of a job waits this long between extracting its frames and publishing them.</summary>
    [Range(0, FaultSpec.MaxDelaySeconds)]
    public int DelaySeconds { get; set; }

    /// <summary><c>drop</c> or <c>reject</c>, optionally <c>:N</c>: what happens to the first attempts of every callback.</summary>
    public string? Callback { get; set; }

    /// <summary>Whether a request may set its own faults. A shared deployment may turn this off.</summary>
    public bool AllowPerRequest { get; set; } = true;

    /// <summary>The configured faults, read into the same value a request's fault text gives.</summary>
    public FaultSpec ToSpec() => new(
        string.IsNullOrWhiteSpace(FailWith) ? null : FaultSpec.ParseFailWith(FailWith.Trim(), SectionName),
        DelaySeconds > 0 ? DelaySeconds : null,
        string.IsNullOrWhiteSpace(Callback) ? null : FaultSpec.ParseCallback(Callback.Trim(), SectionName));

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        string? problem = null;
        try
        {
            ToSpec();
        }
        catch (RpcException e)
        {
            problem = e.Message;
        }

        if (problem is not null)
        {
            yield return new ValidationResult(problem, [nameof(FailWith), nameof(DelaySeconds), nameof(Callback)]);
        }
    }
}
