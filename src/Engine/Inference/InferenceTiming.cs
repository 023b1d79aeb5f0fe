using System.Diagnostics;
using QuantGrid.Engine.Data;
using static TorchSharp.torch;

namespace QuantGrid.Engine.Inference;

/// <summary>Median milliseconds per image of a TorchSharp model at a given batch size (CPU, no gradients).</summary>
public static class InferenceTiming
{
    public static double TorchMsPerImage(nn.Module<Tensor, Tensor> model, LabelledImages images, int batch, int runs, int warmup = 10)
    {
        model.eval();
        using var noGrad = no_grad();
        var count = Math.Min(batch, images.Count);
        using var input = images.Images.narrow(0, 0, count).contiguous();
        var times = new double[runs];
        for (var i = -warmup; i < runs; i++)
        {
            using var scope = NewDisposeScope();
            var clock = Stopwatch.StartNew();
            _ = model.call(input).data<float>()[0];
            if (i >= 0)
            {
                times[i] = clock.Elapsed.TotalMilliseconds / count;
            }
        }

        Array.Sort(times);
        return times[runs / 2];
    }
}
