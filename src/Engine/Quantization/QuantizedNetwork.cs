using QuantGrid.Engine.Models;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace QuantGrid.Engine.Quantization;

/// <summary>A model rebuilt for quantization: folded weighted layers with fake quantizers, and stateless layers.</summary>
public sealed class QuantizedNetwork : nn.Module<Tensor, Tensor>, ISequentialModel
{
    private readonly ModuleList<nn.Module<Tensor, Tensor>> layers;

    public QuantizedNetwork(IEnumerable<nn.Module<Tensor, Tensor>> layers)
        : base(nameof(QuantizedNetwork))
    {
        this.layers = nn.ModuleList([.. layers]);
        RegisterComponents();
        Layers = [.. this.layers];
    }

    public IReadOnlyList<nn.Module<Tensor, Tensor>> Layers { get; }

    public IEnumerable<QuantLayer> WeightedLayers => Layers.OfType<QuantLayer>();

    /// <summary>The weighted layers a bit map does not leave in float.</summary>
    public IEnumerable<QuantLayer> QuantizedLayers => WeightedLayers.Where(l => !l.Bits.IsFloat);

    public override Tensor forward(Tensor input) => LayerChain.Run(Layers, input);
}
