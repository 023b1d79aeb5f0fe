using static TorchSharp.torch;

namespace QuantGrid.Engine.Models;

/// <summary>
/// Batch-norm running statistics estimated from a few batches (no weight changes): randomly initialised models get
/// activations of a realistic scale in every layer, as a trained model has (used by benchmarks and tests).
/// </summary>
public static class BatchNormStatistics
{
    public static void Estimate(nn.Module<Tensor, Tensor> model, Tensor images, int batches = 10, int batchSize = 128)
    {
        using var noGrad = no_grad();
        model.train();
        var count = images.shape[0];
        for (var i = 0; i < batches; i++)
        {
            using var scope = NewDisposeScope();
            var start = i * batchSize % Math.Max(1, count - batchSize + 1);
            _ = model.call(images.narrow(0, start, Math.Min(batchSize, count)));
        }

        model.eval();
    }
}
