using Microsoft.EntityFrameworkCore;
using VodSnapshot.Api.Persistence;

namespace VodSnapshot.Api.Features.Callbacks;

/// <summary>Where an event goes: the URL to call (with where it came from), or why nothing is sent.</summary>
/// <param name="Url">The URL to call, or null when nothing is sent.</param>
/// <param name="Origin">Where <paramref name="Url"/> came from, for messages.</param>
/// <param name="NotSent">Why nothing is sent although something asked for it (a UserData URL, an MNS configuration), or null.</param>
/// <param name="IgnoredUrl">The UserData URL that the vendor's rule set aside, or null.</param>
public sealed record CallbackRoute(string? Url, string Origin, string? NotSent, string? IgnoredUrl)
{
    public static CallbackRoute Nowhere { get; } = new(null, string.Empty, null, null);

    // Compiled once: every submit and every event reads it.
    private static readonly CompiledPerModel<Func<VodDbContext, CancellationToken, Task<MessageCallbackConfig?>>> DefaultConfig =
        new(() => EF.CompileAsyncQuery((VodDbContext db, CancellationToken ct) =>
            db.MessageCallbacks.AsNoTracking().SingleOrDefault(c => c.AppId == Templates.VodTemplates.DefaultAppId)));

    /// <summary><see cref="Decide"/> under the stored global configuration (videos belong to the default application).</summary>
    public static async Task<CallbackRoute> DecideAsync(VodDbContext db, string eventType, (string Url, string Origin)? userUrl, bool vendorRule, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(db);
        var config = await DefaultConfig.For(db)(db, ct);
        return Decide(config, eventType, userUrl, vendorRule);
    }

    /// <summary>
    /// Where a snapshot event of <paramref name="video"/> goes, by the vendor's precedence: the job's own UserData URL
    /// (<paramref name="jobUrl"/>), then the video's registration UserData URL, then the global URL, under the global
    /// configuration's rules (<see cref="Decide"/>). Videos belong to the default application.
    /// </summary>
    public static async Task<CallbackRoute> ForVideoAsync(VodDbContext db, string eventType, Uri? jobUrl, Video video, bool vendorRule, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(video);
        (string, string)? userUrl = jobUrl?.AbsoluteUri is { } own ? (own, "MessageCallback.CallbackURL")
            : video.CallbackUrl is { } registered ? (registered, "the video's registration UserData")
            : null;
        return await DecideAsync(db, eventType, userUrl, vendorRule, ct);
    }

    /// <summary>
    /// The vendor's rule (vod-lifecycle §1.6): an event is sent only when the global configuration lists it (or ALL);
    /// then to the UserData URL when one is given, else to the configured HTTP URL; under an MNS configuration a
    /// UserData URL does not take effect and the event goes to the queue, which this service does not have. With
    /// <paramref name="vendorRule"/> off, a UserData URL is called whatever the global configuration says.
    /// </summary>
    /// <param name="config">The global configuration of the video's application, or null when none is set.</param>
    /// <param name="eventType">The event, e.g. SnapshotComplete.</param>
    /// <param name="userUrl">The job's or the video's UserData URL with its origin, or null.</param>
    /// <param name="vendorRule">Callback:VendorUserDataRule.</param>
    public static CallbackRoute Decide(MessageCallbackConfig? config, string eventType, (string Url, string Origin)? userUrl, bool vendorRule)
    {
        var subscribed = config is not null && MessageCallbackSettings.Subscribes(config, eventType);
        if (userUrl is { } own && !vendorRule)
        {
            return new(own.Url, own.Origin, null, null);
        }

        if (config is null)
        {
            return userUrl is { } ignored
                ? new(null, string.Empty, $"The UserData callback URL {ignored.Url} ({ignored.Origin}) was not used: no global callback configuration is set for application {Templates.VodTemplates.DefaultAppId}. As for the vendor, a UserData URL takes effect only when a global HTTP callback with {eventType} in its EventTypeList is configured (SetMessageCallback); Callback:VendorUserDataRule=false turns this rule off.", ignored.Url)
                : Nowhere;
        }

        if (!subscribed)
        {
            var list = config.EventTypeList.Length == 0 ? "is empty (every event disabled)" : $"is \"{config.EventTypeList}\"";
            return userUrl is { } ignored
                ? new(null, string.Empty, $"The UserData callback URL {ignored.Url} ({ignored.Origin}) was not used: {eventType} is not in the EventTypeList of application {config.AppId}, which {list}. As for the vendor, the global EventTypeList decides which events are sent.", ignored.Url)
                : Nowhere;
        }

        if (config.CallbackType == MessageCallbackSettings.Mns)
        {
            var queue = $"MNS queue {config.MnsQueueName} at {config.MnsEndpoint ?? "(no endpoint)"}";
            return userUrl is { } ignored
                ? new(null, string.Empty, $"Not sent: the global configuration of application {config.AppId} is MNS ({queue}); as for the vendor, the UserData callback URL {ignored.Url} ({ignored.Origin}) does not take effect under MNS, and this service has no queue service, so the event was not sent anywhere.", ignored.Url)
                : new(null, string.Empty, $"Not sent: the global configuration of application {config.AppId} is MNS ({queue}), and this service has no queue service, so the event was not sent anywhere.", null);
        }

        if (userUrl is { } chosen)
        {
            return new(chosen.Url, chosen.Origin, null, null);
        }

        return string.IsNullOrEmpty(config.CallbackUrl) ? Nowhere : new(config.CallbackUrl, $"the global callback URL, set by {config.Source}", null, null);
    }
}
