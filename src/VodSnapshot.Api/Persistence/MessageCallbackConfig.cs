namespace VodSnapshot.Api.Persistence;

/// <summary>
/// The global event-notification configuration of one application (SetMessageCallback), one row per AppId. Stored as
/// the vendor's fields are written: CallbackType <c>HTTP</c> or <c>MNS</c>, the comma-separated EventTypeList
/// (<c>""</c> disables every event, <c>ALL</c> enables every one), AuthSwitch <c>on</c>/<c>off</c>.
/// </summary>
public sealed class MessageCallbackConfig
{
    public required string AppId { get; init; }

    public required string CallbackType { get; set; }

    public string? CallbackUrl { get; set; }

    public required string EventTypeList { get; set; }

    public string? AuthSwitch { get; set; }

    public string? AuthKey { get; set; }

    public string? MnsEndpoint { get; set; }

    public string? MnsQueueName { get; set; }

    /// <summary>Who wrote it: <c>SetMessageCallback</c>, or <c>Callback:Url</c> for the configuration a new database starts with.</summary>
    public required string Source { get; set; }

    public DateTimeOffset ModifyTime { get; set; }
}
