using TorchSharp.Modules;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace QuantGrid.Engine.Models;

/// <summary>
/// The reference study's "normal CNN" on 1×28×28 input: conv 16 → pool → conv 32 → pool → linear 10
/// (20,490 parameters; the study's Keras model has 20,426).
/// </summary>
public sealed class SmallCnn : Module<Tensor, Tensor>, ISequentialModel
{
    private readonly ConvUnit conv1;
    private readonly MaxPool2d pool1;
    private readonly ConvUnit conv2;
    private readonly MaxPool2d pool2;
    private readonly Flatten flatten;
    private readonly DenseUnit classifier;

    public SmallCnn(int classes = 10)
        : base(nameof(SmallCnn))
    {
        conv1 = new ConvUnit(1, 16, 3, padding: 1);
        pool1 = MaxPool2d(2);
        conv2 = new ConvUnit(16, 32, 3, padding: 1);
        pool2 = MaxPool2d(2);
        flatten = Flatten();
        classifier = new DenseUnit(32 * 7 * 7, classes, Activation.None);
        RegisterComponents();
        Layers = [conv1, pool1, conv2, pool2, flatten, classifier];
    }

    public IReadOnlyList<Module<Tensor, Tensor>> Layers { get; }

    public override Tensor forward(Tensor input) => LayerChain.Run(Layers, input);
}
