using static TorchSharp.torch;

namespace QuantGrid.Engine.Models;

/// <summary>A model of the registry: its name, a description, and how to build it.</summary>
/// <param name="DefaultLearningRate">Peak learning rate for AdamW with the one-cycle schedule.</param>
/// <param name="HasDepthwiseLayers">Whether some weighted layer is a depthwise convolution (what <c>EdgeLayerPolicy.EightBitDepthwise</c> keeps at 8 bits).</param>
public sealed record ModelInfo(string Name, string Description, bool PrefersGpu, double DefaultLearningRate, Func<int, nn.Module<Tensor, Tensor>> Factory, bool HasDepthwiseLayers = false);
