using QuantGrid.Engine.Runtime;
using static TorchSharp.torch;

namespace QuantGrid.Engine.Models;

/// <summary>The models QuantGrid knows, by name; <c>all</c> names the three.</summary>
public static class ModelRegistry
{
    public static IReadOnlyList<ModelInfo> All { get; } =
    [
        new("cnn", "small CNN of the reference study (conv16-pool-conv32-pool-linear)", false, 0.01, classes => new SmallCnn(classes)),
        new("mobilenet", "MobileNet v1, width 1.0, 32x32 input", false, 0.004, classes => new MobileNetV1(classes), HasDepthwiseLayers: true),
        new("vgg16", "VGG16 conv base + Dense(128) + Dense(10), 32x32 input", true, 0.0005, classes => new Vgg16(classes)),
    ];

    /// <summary>Finds a model by name (case-insensitive).</summary>
    /// <exception cref="ArgumentException">The name is unknown.</exception>
    public static ModelInfo Get(string name) =>
        All.FirstOrDefault(m => string.Equals(m.Name, name.Trim(), StringComparison.OrdinalIgnoreCase))
        ?? throw new ArgumentException($"unknown model '{name}' (known: {string.Join(", ", All.Select(m => m.Name))}, all)", nameof(name));

    /// <summary>Parses <c>all</c> or a comma-separated list of names; duplicates are an error.</summary>
    public static IReadOnlyList<ModelInfo> ParseList(string names)
    {
        if (string.Equals(names.Trim(), "all", StringComparison.OrdinalIgnoreCase))
        {
            return All;
        }

        var parts = names.Split(',', StringSplitOptions.TrimEntries);
        if (parts.Any(string.IsNullOrEmpty))
        {
            throw new ArgumentException($"empty model name in '{names}'", nameof(names));
        }

        var models = parts.Select(Get).ToList();
        var duplicate = models.GroupBy(m => m.Name).FirstOrDefault(g => g.Count() > 1);
        return duplicate is null ? models : throw new ArgumentException($"model '{duplicate.Key}' is listed twice", nameof(names));
    }

    /// <summary>Builds a model with weights drawn from <paramref name="seed"/>.</summary>
    public static nn.Module<Tensor, Tensor> Create(string name, int seed, int classes = 10)
    {
        TorchRuntime.EnsureInitialized();
        var info = Get(name);
        var model = info.Factory(classes);
        WeightInitializer.Initialize(model, seed);
        return model;
    }

    /// <summary>The number of trainable parameters.</summary>
    public static long CountParameters(nn.Module<Tensor, Tensor> model) =>
        model.parameters().Where(p => p.requires_grad).Sum(p => p.numel());
}
