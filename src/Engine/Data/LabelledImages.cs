using QuantGrid.Engine.Runtime;
using TorchSharp;
using static TorchSharp.torch;

namespace QuantGrid.Engine.Data;

/// <summary>A split held in memory as tensors: normalised images [N, 1, H, W] (float32) and labels [N] (int64).</summary>
public sealed class LabelledImages : IDisposable
{
    private LabelledImages(Tensor images, Tensor labels, byte[] labelValues)
    {
        Images = images;
        Labels = labels;
        LabelValues = labelValues;
    }

    /// <summary>Normalised images, [N, 1, H, W].</summary>
    public Tensor Images { get; }

    /// <summary>Class indices, [N].</summary>
    public Tensor Labels { get; }

    /// <summary>The labels as bytes, for stratification and reports.</summary>
    public IReadOnlyList<byte> LabelValues { get; }

    /// <summary>Number of examples.</summary>
    public int Count => LabelValues.Count;

    /// <summary>Builds the tensors from IDX content, keeping the examples at <paramref name="indices"/> (all when null).</summary>
    public static LabelledImages Create(IdxImages images, byte[] labels, DatasetInfo dataset, IReadOnlyList<int>? indices = null)
    {
        TorchRuntime.EnsureInitialized();
        var keep = indices ?? Enumerable.Range(0, images.Count).ToArray();
        var pixelsPerImage = images.Rows * images.Columns;
        var pixels = new float[(long)keep.Count * pixelsPerImage];
        var scale = (float)(1.0 / (255.0 * dataset.Std));
        var shift = (float)(dataset.Mean / dataset.Std);
        var source = images.Pixels.Span;
        var kept = new byte[keep.Count];
        for (var i = 0; i < keep.Count; i++)
        {
            var from = source.Slice(keep[i] * pixelsPerImage, pixelsPerImage);
            var to = pixels.AsSpan(i * pixelsPerImage, pixelsPerImage);
            for (var p = 0; p < pixelsPerImage; p++)
            {
                to[p] = (from[p] * scale) - shift;
            }

            kept[i] = labels[keep[i]];
        }

        var imageTensor = torch.tensor(pixels, [keep.Count, 1, images.Rows, images.Columns]);
        var labelTensor = torch.tensor(kept.Select(l => (long)l).ToArray(), [keep.Count]);
        return new LabelledImages(imageTensor, labelTensor, kept);
    }

    /// <summary>A new split with the first <paramref name="count"/> examples (copies of the tensors).</summary>
    public LabelledImages Take(int count)
    {
        ArgumentOutOfRangeException.ThrowIfGreaterThan(count, Count);
        return new LabelledImages(Images.narrow(0, 0, count).clone(), Labels.narrow(0, 0, count).clone(), LabelValues.Take(count).ToArray());
    }

    public void Dispose()
    {
        Images.Dispose();
        Labels.Dispose();
    }
}
