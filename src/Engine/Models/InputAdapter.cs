using static TorchSharp.torch;

namespace QuantGrid.Engine.Models;

/// <summary>
/// The one place where 1×28×28 images become the 3×32×32 input that MobileNet and VGG16 expect:
/// a 2-pixel border (edge pixels repeated, so the background stays the background whatever the
/// normalisation) and the grey channel repeated three times.
/// </summary>
public sealed class InputAdapter : nn.Module<Tensor, Tensor>
{
    public InputAdapter()
        : base(nameof(InputAdapter))
    {
        RegisterComponents();
    }

    /// <summary>The side length of the adapted image.</summary>
    public const int Side = 32;

    public override Tensor forward(Tensor input)
    {
        var border = (Side - input.shape[^1]) / 2;
        var padded = border > 0 ? nn.functional.pad(input, [border, border, border, border], TorchSharp.PaddingModes.Replicate) : input;
        return padded.expand(-1, 3, -1, -1);
    }
}
