using System.Collections.Concurrent;

namespace QuantGrid.Engine.Experiments;

/// <summary>
/// The float model's outputs on the validation split, kept in memory per checkpoint, so the experiments of a search
/// that share a baseline (each measuring its output SQNR against them) run the float model once per process, not once each.
/// </summary>
internal static class FloatOutputCache
{
    private const int Capacity = 8;
    private static readonly ConcurrentDictionary<string, float[]> Outputs = new();

    public static float[] GetOrAdd(string checkpointSha256, int images, Func<float[]> compute)
    {
        var key = $"{checkpointSha256}:{images}";
        if (Outputs.TryGetValue(key, out var cached))
        {
            return cached;
        }

        var outputs = compute();
        if (Outputs.Count >= Capacity)
        {
            Outputs.Clear();
        }

        Outputs[key] = outputs;
        return outputs;
    }
}
