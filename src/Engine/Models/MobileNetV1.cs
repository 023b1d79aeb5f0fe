using TorchSharp.Modules;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace QuantGrid.Engine.Models;

/// <summary>
/// MobileNet v1, width 1.0: a 3×3 stem and 13 depthwise-separable blocks with batch norm and ReLU6,
/// global average pooling and a linear classifier. For 32×32 input the stem has stride 1 (instead of
/// 2 at 224×224), so the last feature map is 2×2.
/// </summary>
public sealed class MobileNetV1 : Module<Tensor, Tensor>, ISequentialModel
{
    private static readonly (int Channels, int Stride)[] Blocks =
    [
        (64, 1), (128, 2), (128, 1), (256, 2), (256, 1), (512, 2),
        (512, 1), (512, 1), (512, 1), (512, 1), (512, 1), (1024, 2), (1024, 1),
    ];

    private readonly InputAdapter adapter;
    private readonly Sequential features;
    private readonly AdaptiveAvgPool2d pool;
    private readonly Flatten flatten;
    private readonly DenseUnit classifier;

    public MobileNetV1(int classes = 10)
        : base(nameof(MobileNetV1))
    {
        adapter = new InputAdapter();
        var layers = new List<(string, Module<Tensor, Tensor>)> { ("stem", new ConvUnit(3, 32, 3, padding: 1, batchNorm: true, activation: Activation.Relu6)) };
        var channels = 32;
        for (var i = 0; i < Blocks.Length; i++)
        {
            var (outChannels, stride) = Blocks[i];
            layers.Add(($"dw{i + 1}", new ConvUnit(channels, channels, 3, stride, padding: 1, groups: channels, batchNorm: true, activation: Activation.Relu6)));
            layers.Add(($"pw{i + 1}", new ConvUnit(channels, outChannels, 1, batchNorm: true, activation: Activation.Relu6)));
            channels = outChannels;
        }

        features = Sequential(layers);
        pool = AdaptiveAvgPool2d(1);
        flatten = Flatten();
        classifier = new DenseUnit(channels, classes, Activation.None);
        RegisterComponents();
        Layers = [adapter, .. layers.Select(l => l.Item2), pool, flatten, classifier];
    }

    public IReadOnlyList<Module<Tensor, Tensor>> Layers { get; }

    public override Tensor forward(Tensor input) => LayerChain.Run(Layers, input);
}
