using static TorchSharp.torch;

namespace QuantGrid.Engine.Models;

/// <summary>A model that is a plain chain of layers; quantization rebuilds it layer by layer.</summary>
public interface ISequentialModel
{
    /// <summary>The layers in the order the input flows through them.</summary>
    IReadOnlyList<nn.Module<Tensor, Tensor>> Layers { get; }
}
