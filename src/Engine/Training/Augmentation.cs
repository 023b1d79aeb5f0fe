using QuantGrid.Engine.Data;
using TorchSharp;
using static TorchSharp.torch;

namespace QuantGrid.Engine.Training;

/// <summary>
/// Training-time augmentation of one epoch: every image is shifted by up to <see cref="Padding"/> pixels each way
/// (a random crop of the image padded by repeating its border) and mirrored left to right with probability ½,
/// drawn from a stream seeded by the run's seed and the epoch, so training stays deterministic.
/// </summary>
public sealed class Augmentation(int seed, int epoch)
{
    /// <summary>The largest shift, in pixels.</summary>
    public const int Padding = 2;

    private const int Stream = 0x5A11;

    private readonly Random random = new(Subsets.StableSeed(seed ^ Stream, epoch));

    /// <summary>A new batch [B, C, H, W] of shifted and possibly mirrored copies of <paramref name="images"/>.</summary>
    public Tensor Apply(Tensor images)
    {
        var (count, channels, height, width) = ((int)images.shape[0], images.shape[1], (int)images.shape[2], (int)images.shape[3]);
        var rows = new long[count * height];
        var columns = new long[count * width];
        for (var i = 0; i < count; i++)
        {
            var dy = random.Next(2 * Padding + 1);
            var dx = random.Next(2 * Padding + 1);
            var mirror = random.Next(2) == 1;
            for (var r = 0; r < height; r++)
            {
                rows[(i * height) + r] = dy + r;
            }

            for (var c = 0; c < width; c++)
            {
                columns[(i * width) + c] = dx + (mirror ? width - 1 - c : c);
            }
        }

        using var padded = nn.functional.pad(images, [Padding, Padding, Padding, Padding], PaddingModes.Replicate);
        using var rowIndex = tensor(rows, [count, 1, height, 1], device: images.device).expand(count, channels, height, width + (2 * Padding));
        using var byRows = padded.gather(2, rowIndex);
        using var columnIndex = tensor(columns, [count, 1, 1, width], device: images.device).expand(count, channels, height, width);
        return byRows.gather(3, columnIndex);
    }
}
