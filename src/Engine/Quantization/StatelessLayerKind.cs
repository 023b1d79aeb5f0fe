using QuantGrid.Engine.Models;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace QuantGrid.Engine.Quantization;

/// <summary>The layers without weights that the models use, as stored in packed files.</summary>
public enum StatelessLayerKind : byte
{
    InputAdapter = 1,
    MaxPool2 = 2,
    GlobalAveragePool = 3,
    Flatten = 4,
}

/// <summary>Creates and recognises <see cref="StatelessLayerKind"/> layers.</summary>
public static class StatelessLayers
{
    public static StatelessLayerKind KindOf(nn.Module<Tensor, Tensor> layer) => layer switch
    {
        InputAdapter => StatelessLayerKind.InputAdapter,
        MaxPool2d => StatelessLayerKind.MaxPool2,
        AdaptiveAvgPool2d => StatelessLayerKind.GlobalAveragePool,
        Flatten => StatelessLayerKind.Flatten,
        _ => throw new NotSupportedException($"layer {layer.GetName()} ({layer.GetType().Name}) cannot be quantized"),
    };

    public static nn.Module<Tensor, Tensor> Create(StatelessLayerKind kind) => kind switch
    {
        StatelessLayerKind.InputAdapter => new InputAdapter(),
        StatelessLayerKind.MaxPool2 => nn.MaxPool2d(2),
        StatelessLayerKind.GlobalAveragePool => nn.AdaptiveAvgPool2d(1),
        StatelessLayerKind.Flatten => nn.Flatten(),
        _ => throw new InvalidDataException($"unknown layer kind {(byte)kind}"),
    };
}
