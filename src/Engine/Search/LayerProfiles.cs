using QuantGrid.Engine.Models;

namespace QuantGrid.Engine.Search;

/// <summary>The weighted layers of a registered model, in bit map order.</summary>
public static class LayerProfiles
{
    public static ModelLayout Of(string model, int classes = 10)
    {
        using var network = ModelRegistry.Create(ModelRegistry.Get(model).Name, seed: 0, classes);
        var layers = ((ISequentialModel)network).Layers;
        var profiles = new List<LayerProfile>();
        var stateless = 0;
        foreach (var layer in layers)
        {
            switch (layer)
            {
                case ConvUnit conv:
                    var w = conv.Conv.weight!;
                    var kind = conv.Groups > 1 ? "depthwise" : "conv";
                    profiles.Add(new LayerProfile(profiles.Count, $"{kind} {w.shape[2]}x{w.shape[3]} {w.shape[1] * conv.Groups}→{w.shape[0]}", w.numel(), w.shape[0]));
                    break;
                case DenseUnit dense:
                    var d = dense.Linear.weight!;
                    profiles.Add(new LayerProfile(profiles.Count, $"dense {d.shape[1]}→{d.shape[0]}", d.numel(), d.shape[0]));
                    break;
                default:
                    stateless++;
                    break;
            }
        }

        return new ModelLayout(ModelRegistry.Get(model).Name, profiles, stateless);
    }
}
