namespace VodSnapshot.Api.Security;

/// <summary>Section <c>Security</c>: who may call the RPC surface.</summary>
public sealed class SecurityOptions
{
    public const string SectionName = "Security";

    /// <summary>Whether unsigned requests are served (the embedded local default).</summary>
    public bool AllowAnonymous { get; set; } = true;

    /// <summary>Key pairs that may sign requests.</summary>
    public List<AccessKey> AccessKeys { get; set; } = [];
}

public sealed class AccessKey
{
    public string AccessKeyId { get; set; } = string.Empty;

    public string AccessKeySecret { get; set; } = string.Empty;
}
