using System.ComponentModel.DataAnnotations;

namespace VodSnapshot.Api.Features.Callbacks;

/// <summary>Section <c>Callback</c>: the global callback and how deliveries are made.</summary>
public sealed class CallbackOptions
{
    public const string SectionName = "Callback";

    /// <summary>The global callback URL, used when neither the job's nor the video's UserData names one.</summary>
    [Url]
    public string? Url { get; set; }

    /// <summary>A delivery succeeds only on HTTP 200 within this time.</summary>
    [Range(typeof(TimeSpan), "00:00:00.100", "00:05:00")]
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(5);
}
