using QuantGrid.Engine.Data;
using QuantGrid.Engine.Experiments;
using QuantGrid.Engine.Quantization;
using QuantGrid.Engine.Training;

namespace QuantGrid.Engine.Tests.Experiments;

/// <summary>A CNN float baseline trained once on a Fashion-MNIST subset, shared by the experiment tests.</summary>
public sealed class TrainedCnnFixture : IDisposable
{
    private readonly TempDirectory temp = new();

    public TrainedCnnFixture()
    {
        var outcome = ExperimentRunner.Run(Request(QuantMethod.Float, 8));
        Assert.Equal(ExperimentStatus.Succeeded, outcome.Status);
        FloatAccuracy = outcome.Accuracy!.Value;
    }

    public double FloatAccuracy { get; }

    public string Directory => temp.Path;

    public ExperimentRequest Request(QuantMethod method, int bits, EdgeLayerPolicy edges = EdgeLayerPolicy.EightBit) => new(
        "cnn",
        method,
        DatasetInfo.FashionMnist,
        new TrainingOptions { Epochs = 3, Seed = 0, Threads = TestData.TorchThreads, Device = "cpu" },
        new QuantizationOptions { WeightBits = bits, EdgeLayers = edges, CalibrationBatches = 4 },
        Path.Combine(temp.Path, "cnn.ckpt"),
        Path.Combine(temp.Path, $"cnn-{method}-{bits}-{edges}.qgm"),
        QatEpochs: 1,
        DataDirectory: TestData.FashionMnist,
        TrainLimit: 6000,
        TestLimit: 2000);

    public void Dispose() => temp.Dispose();
}
