using System.Globalization;
using VodSnapshot.Api.Features.Templates;
using VodSnapshot.Api.Persistence;
using VodSnapshot.Api.Rpc;

namespace VodSnapshot.Api.Features.Callbacks;

/// <summary>
/// The vendor's rules for a global callback configuration (pure): which CallbackType, EventTypeList, AuthSwitch,
/// AuthKey and MNS values SetMessageCallback accepts, and whether a stored configuration subscribes to an event.
/// </summary>
public static class MessageCallbackSettings
{
    public const string Http = "HTTP";
    public const string Mns = "MNS";
    public const string AllEvents = "ALL";
    public const string On = "on";
    public const string Off = "off";

    /// <summary>The vendor's event names (Developer Guide, Event notification, Overview), with the umbrella AIComplete.</summary>
    public static readonly IReadOnlyList<string> EventTypes =
    [
        "FileUploadComplete", "ImageUploadComplete", "StreamTranscodeComplete", "TranscodeComplete", "SnapshotComplete",
        "DynamicImageComplete", "AddLiveRecordVideoComplete", "LiveRecordVideoComposeStart", "UploadByURLComplete",
        "CreateAuditComplete", "VideoAnalysisComplete", "AttachedMediaUploadComplete", "ProduceMediaComplete",
        "DeleteMediaComplete", "MediaBaseChangeComplete", "AIComplete",
    ];

    public const string SnapshotComplete = "SnapshotComplete";

    private const int MaxQueueNameLength = 120;

    /// <summary>Whether <paramref name="config"/> lists <paramref name="eventType"/> (or <c>ALL</c>).</summary>
    public static bool Subscribes(MessageCallbackConfig config, string eventType)
    {
        ArgumentNullException.ThrowIfNull(config);
        return config.EventTypeList.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)
            .Any(e => e == AllEvents || e == eventType);
    }

    /// <summary>CallbackType: <c>HTTP</c> (the default) or <c>MNS</c>, as the vendor writes them.</summary>
    public static string CallbackType(string? value) => value switch
    {
        null => Http,
        Http or Mns => value,
        _ => throw RpcErrors.InvalidParameter("CallbackType", "It must be HTTP or MNS."),
    };

    /// <summary>EventTypeList: comma-separated event names or <c>ALL</c>; absent stores "" (every event disabled), as the vendor documents.</summary>
    public static string EventTypeList(string? value)
    {
        if (value is null)
        {
            return string.Empty;
        }

        var names = value.Split(',', StringSplitOptions.TrimEntries);
        foreach (var name in names)
        {
            if (name != AllEvents && !EventTypes.Contains(name, StringComparer.Ordinal))
            {
                throw RpcErrors.InvalidParameter("EventTypeList",
                    $"\"{name}\" is no event type; use ALL or a comma-separated list of {string.Join(", ", EventTypes)} (names are case-sensitive).");
            }
        }

        if (names.Distinct(StringComparer.Ordinal).Count() != names.Length)
        {
            throw RpcErrors.InvalidParameter("EventTypeList", "An event type is listed more than once.");
        }

        return string.Join(',', names);
    }

    /// <summary>AuthSwitch: <c>on</c> or <c>off</c> (the default).</summary>
    public static string AuthSwitch(string? value) => value switch
    {
        null => Off,
        On or Off => value,
        _ => throw RpcErrors.InvalidParameter("AuthSwitch", "It must be on or off."),
    };

    /// <summary>What is wrong with an AuthKey (the vendor's rule: at most 32 characters with upper-case and lower-case letters and digits), or null.</summary>
    public static string? AuthKeyProblem(string key)
    {
        ArgumentNullException.ThrowIfNull(key);
        if (key.Length > CallbackOptions.MaxAuthKeyLength)
        {
            return string.Create(CultureInfo.InvariantCulture, $"It must be at most {CallbackOptions.MaxAuthKeyLength} characters; it has {key.Length}.");
        }

        if (!key.All(char.IsAsciiLetterOrDigit))
        {
            return "It may hold only ASCII letters and digits.";
        }

        return key.Any(char.IsAsciiLetterUpper) && key.Any(char.IsAsciiLetterLower) && key.Any(char.IsAsciiDigit)
            ? null
            : "It must contain upper-case letters, lower-case letters and digits.";
    }

    /// <summary>MnsQueueName: 1–120 letters, digits and '-', starting with a letter (the queue service's naming rule).</summary>
    public static string MnsQueueName(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        return value.Length <= MaxQueueNameLength && char.IsAsciiLetter(value[0]) && value.All(c => char.IsAsciiLetterOrDigit(c) || c == '-')
            ? value
            : throw RpcErrors.InvalidParameter("MnsQueueName", string.Create(CultureInfo.InvariantCulture,
                $"It must be 1 to {MaxQueueNameLength} letters, digits or '-', starting with a letter."));
    }

    /// <summary>MnsEndpoint: an absolute http or https URL such as http://1234567.mns.cn-shanghai.aliyuncs.com/.</summary>
    public static string MnsEndpoint(string value) =>
        value.Length <= MaxMnsEndpointLength && Uri.TryCreate(value, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps)
            ? value
            : throw RpcErrors.InvalidParameter("MnsEndpoint", $"It must be an absolute http or https URL of at most {MaxMnsEndpointLength} characters.");

    /// <summary>A queue service endpoint is a host name URL; as long as a callback URL at most.</summary>
    private const int MaxMnsEndpointLength = 256;

    /// <summary>AppId as for templates: the default application when absent.</summary>
    public static string AppId(string? value) => VodTemplates.AppId(value);
}
