using Microsoft.Extensions.Options;
using VodSnapshot.Api.Security;

namespace VodSnapshot.Api.Features.Console;

/// <summary>
/// Section <c>Console</c>: the web console at <c>/console</c>. Its rule: when anonymous calls are allowed
/// (<c>Security:AllowAnonymous</c>, the local default) it is on and its calls are unsigned, like anyone's; when they
/// are not, it is off unless <see cref="AccessKeyId"/> names one of the configured keys, and then the service signs the
/// console's calls with that key — so whoever can open the console acts as that key.
/// </summary>
public sealed class ConsoleOptions
{
    public const string SectionName = "Console";

    /// <summary>False turns the console off whatever the security settings say.</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>With signed calls required: the configured key the console's calls are signed with; null keeps it off.</summary>
    public string? AccessKeyId { get; set; }
}

/// <summary>How the console reaches the RPC surface, decided once at start from both sections.</summary>
public enum ConsoleAccess
{
    Off,
    Anonymous,
    WithKey,
}

/// <summary>The console's access, and the key it signs with when calls must be signed.</summary>
public sealed class ConsoleMode
{
    public ConsoleMode(IOptions<ConsoleOptions> console, IOptions<SecurityOptions> security)
    {
        var options = console.Value;
        var keys = security.Value;
        Key = options.AccessKeyId is { } id ? keys.AccessKeys.FirstOrDefault(k => string.Equals(k.AccessKeyId, id, StringComparison.Ordinal)) : null;
        Access = !options.Enabled ? ConsoleAccess.Off
            : keys.AllowAnonymous ? ConsoleAccess.Anonymous
            : Key is not null ? ConsoleAccess.WithKey
            : ConsoleAccess.Off;
    }

    public ConsoleAccess Access { get; }

    /// <summary>The key of <see cref="ConsoleAccess.WithKey"/> access, else null.</summary>
    public AccessKey? Key { get; }
}

/// <summary>Refuses to start with a console key that is not one of the configured keys.</summary>
public sealed class ConsoleOptionsValidator(IOptions<SecurityOptions> security) : IValidateOptions<ConsoleOptions>
{
    public ValidateOptionsResult Validate(string? name, ConsoleOptions options)
    {
        if (options.AccessKeyId is { } id && !security.Value.AccessKeys.Any(k => string.Equals(k.AccessKeyId, id, StringComparison.Ordinal)))
        {
            return ValidateOptionsResult.Fail($"Console:AccessKeyId \"{id}\" is not one of Security:AccessKeys.");
        }

        return ValidateOptionsResult.Success;
    }
}
