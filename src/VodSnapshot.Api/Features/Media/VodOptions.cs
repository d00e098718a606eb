using System.ComponentModel.DataAnnotations;

namespace VodSnapshot.Api.Features.Media;

/// <summary>Section <c>Vod</c>: what the service answers about where it runs, in fields real models carry.</summary>
public sealed class VodOptions
{
    public const string SectionName = "Vod";

    /// <summary>The region answered as <c>RegionId</c> (GetVideoInfo), e.g. cn-shanghai.</summary>
    [RegularExpression("^[a-z]{2,}(-[a-z0-9]+)+$", ErrorMessage = "Vod:Region must be a region id such as cn-shanghai or ap-southeast-1.")]
    public string Region { get; set; } = "cn-shanghai";
}
