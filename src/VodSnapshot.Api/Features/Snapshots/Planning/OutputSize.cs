using System.Globalization;
using VodSnapshot.Api.Rpc;

namespace VodSnapshot.Api.Features.Snapshots.Planning;

/// <summary>
/// Pixel size of the normal snapshots of a job. Width and Height are "String" on the wire but
/// must hold whole numbers in [8, 4096]. Neither given: the source's display size (so anamorphic video is not
/// squeezed). One given: the other follows the source's display aspect, rounded to the nearest even number
/// (halves round up, since encoders and chroma subsampling prefer even sizes) and clamped to [8, 4096].
/// Both given: exactly that size, stretched if the aspect differs, as the vendor does.
/// </summary>
public readonly record struct OutputSize(int Width, int Height)
{
    public const int MinDimension = 8;

    public const int MaxDimension = 4096;

    /// <summary>Resolves the size from the raw Width/Height parameters; an empty value counts as not given.</summary>
    public static OutputSize Resolve(int sourceWidth, int sourceHeight, string? width, string? height) =>
        Resolve(sourceWidth, sourceHeight, ParseDimension("Width", width), ParseDimension("Height", height));

    /// <summary>Resolves the size from already-read values (templates store them as numbers).</summary>
    public static OutputSize Resolve(int sourceWidth, int sourceHeight, int? width, int? height)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(sourceWidth, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(sourceHeight, 1);
        CheckRange("Width", width);
        CheckRange("Height", height);

        return (width, height) switch
        {
            ({ } w, { } h) => new OutputSize(w, h),
            ({ } w, null) => new OutputSize(w, FollowAspect(w, sourceWidth, sourceHeight)),
            (null, { } h) => new OutputSize(FollowAspect(h, sourceHeight, sourceWidth), h),
            _ => new OutputSize(sourceWidth, sourceHeight),
        };
    }

    /// <summary>
    /// Reads one Width/Height parameter: null when not given, otherwise a whole number in [8, 4096], else
    /// InvalidParameter naming <paramref name="name"/>.
    /// </summary>
    public static int? ParseDimension(string name, string? value)
    {
        if (string.IsNullOrEmpty(value))
        {
            return null;
        }

        if (!IntegerText.TryParseInt64(value, out var number) || number is < MinDimension or > MaxDimension)
        {
            throw OutOfRange(name);
        }

        return (int)number;
    }

    /// <summary>
    /// The dimension that keeps the source aspect when the other one is <paramref name="given"/>:
    /// given·sourceOther/sourceGiven, rounded to the nearest even number (halves up), clamped to [8, 4096].
    /// </summary>
    public static int FollowAspect(int given, int sourceGiven, int sourceOther)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(given, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(sourceGiven, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(sourceOther, 1);

        // Nearest even n = 2·round(x/2) with x = given·sourceOther/sourceGiven, in integers so no float error.
        var numerator = (long)given * sourceOther;
        var halves = ((2 * numerator) + (2L * sourceGiven)) / (4L * sourceGiven);
        return (int)Math.Clamp(2 * halves, MinDimension, MaxDimension);
    }

    private static void CheckRange(string name, int? value)
    {
        if (value is < MinDimension or > MaxDimension)
        {
            throw OutOfRange(name);
        }
    }

    private static RpcException OutOfRange(string name) =>
        RpcErrors.InvalidParameter(name, string.Create(CultureInfo.InvariantCulture,
            $"It must be a whole number of pixels between {MinDimension} and {MaxDimension}."));
}
