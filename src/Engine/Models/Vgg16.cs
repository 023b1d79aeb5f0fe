using TorchSharp.Modules;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace QuantGrid.Engine.Models;

/// <summary>
/// The 13 convolutions of VGG16 (no batch norm) on a 3×32×32 input, then Dense(128) and Dense(10):
/// exactly 14,781,642 parameters, as in the reference study.
/// </summary>
public sealed class Vgg16 : Module<Tensor, Tensor>, ISequentialModel
{
    private static readonly int[][] Stages = [[64, 64], [128, 128], [256, 256, 256], [512, 512, 512], [512, 512, 512]];

    private readonly InputAdapter adapter;
    private readonly Sequential features;
    private readonly Flatten flatten;
    private readonly DenseUnit hidden;
    private readonly DenseUnit classifier;

    public Vgg16(int classes = 10)
        : base(nameof(Vgg16))
    {
        adapter = new InputAdapter();
        var layers = new List<(string, Module<Tensor, Tensor>)>();
        var channels = 3;
        for (var s = 0; s < Stages.Length; s++)
        {
            for (var c = 0; c < Stages[s].Length; c++)
            {
                layers.Add(($"conv{s + 1}_{c + 1}", new ConvUnit(channels, Stages[s][c], 3, padding: 1)));
                channels = Stages[s][c];
            }

            layers.Add(($"pool{s + 1}", MaxPool2d(2)));
        }

        features = Sequential(layers);
        flatten = Flatten();
        hidden = new DenseUnit(channels, 128);
        classifier = new DenseUnit(128, classes, Activation.None);
        RegisterComponents();
        Layers = [adapter, .. layers.Select(l => l.Item2), flatten, hidden, classifier];
    }

    public IReadOnlyList<Module<Tensor, Tensor>> Layers { get; }

    public override Tensor forward(Tensor input) => LayerChain.Run(Layers, input);
}
