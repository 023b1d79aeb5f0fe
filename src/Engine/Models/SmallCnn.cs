using TorchSharp.Modules;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace QuantGrid.Engine.Models;

/// <summary>
/// The reference study's "normal CNN" on 1×28×28 input: conv 16 → pool → conv 32 → pool → linear 10
/// (20,490 parameters; the study's Keras model has 20,426).
/// </summary>
public sealed class SmallCnn : Module<Tensor, Tensor>
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
    }

    public override Tensor forward(Tensor input)
    {
        using var scope = NewDisposeScope();
        var x = pool1.call(conv1.call(input));
        x = pool2.call(conv2.call(x));
        return classifier.call(flatten.call(x)).MoveToOuterDisposeScope();
    }
}
