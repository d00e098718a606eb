using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;

namespace VodSnapshot.Tests.TestSupport;

/// <summary>Which ramp frame an image shows, read from its average colour (see <see cref="TestClips"/>).</summary>
/// <param name="Frame">The ramp frame number.</param>
/// <param name="Luma">Average full-range luma of the image.</param>
/// <param name="Width">Image width.</param>
/// <param name="Height">Image height.</param>
public sealed record FrameIdentity(int Frame, double Luma, int Width, int Height)
{
    public static FrameIdentity Read(string path)
    {
        using var image = Image.Load<Rgb24>(path);
        var (luma, blue) = AverageLumaAndBlue(image, new Rectangle(0, 0, image.Width, image.Height));
        return new FrameIdentity(FrameOf(luma, blue), luma, image.Width, image.Height);
    }

    /// <summary>
    /// The ramp stores luma 26+2N in limited range (16 is black); JPEG holds full range, so frame N reads as (10+2N)·255/219.
    /// Of the two frames nearest that reading, the one whose chroma parity matches is it.
    /// </summary>
    public static int FrameOf(double luma, double blue)
    {
        var estimate = ((luma * 219.0 / 255.0) - 10.0) / 2.0;
        var even = blue > 128;
        var nearest = (int)Math.Round(estimate);
        if ((nearest % 2 == 0) == even)
        {
            return nearest;
        }

        return estimate >= nearest ? nearest + 1 : Math.Max(0, nearest - 1);
    }

    /// <summary>Expected full-range luma of ramp frame <paramref name="frame"/>.</summary>
    public static double LumaOf(int frame) => (10.0 + (2.0 * frame)) * 255.0 / 219.0;

    /// <summary>BT.601 full-range luma and blue-difference chroma (JPEG's own), averaged over <paramref name="area"/>.</summary>
    public static (double Luma, double Blue) AverageLumaAndBlue(Image<Rgb24> image, Rectangle area)
    {
        double luma = 0, blue = 0;
        for (var y = area.Top; y < area.Bottom; y++)
        {
            for (var x = area.Left; x < area.Right; x++)
            {
                var p = image[x, y];
                luma += (0.299 * p.R) + (0.587 * p.G) + (0.114 * p.B);
                blue += 128 - (0.168736 * p.R) - (0.331264 * p.G) + (0.5 * p.B);
            }
        }

        var count = (double)area.Width * area.Height;
        return (luma / count, blue / count);
    }
}
