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
        if (Outputs.TryGetValue(Key(checkpointSha256, images), out var cached))
        {
            return cached;
        }

        var outputs = compute();
        Add(checkpointSha256, images, outputs);
        return outputs;
    }

    public static void Add(string checkpointSha256, int images, float[] outputs)
    {
        if (Outputs.Count >= Capacity)
        {
            Outputs.Clear();
        }

        Outputs[Key(checkpointSha256, images)] = outputs;
    }

    private static string Key(string checkpointSha256, int images) => $"{checkpointSha256}:{images}";
}
