using System.Globalization;
using System.Text.Json;
using QuantGrid.Engine.Storage;

namespace QuantGrid.Engine.Experiments;

/// <summary>
/// The float model's test accuracy and latency, stored next to its checkpoint per test subset and checkpoint
/// hash, so the experiments that share a baseline evaluate it once, not once each.
/// </summary>
internal static class FloatEvaluationCache
{
    public static FloatEvaluation? Read(string checkpointPath, string checkpointSha256, int? testLimit)
    {
        var path = PathOf(checkpointPath, testLimit);
        try
        {
            var cached = File.Exists(path) ? JsonSerializer.Deserialize<FloatEvaluation>(File.ReadAllBytes(path)) : null;
            return cached?.CheckpointSha256 == checkpointSha256 ? cached : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    public static void Write(string checkpointPath, int? testLimit, FloatEvaluation evaluation) =>
        AtomicFile.Write(PathOf(checkpointPath, testLimit), stream => JsonSerializer.Serialize(stream, evaluation));

    private static string PathOf(string checkpointPath, int? testLimit) =>
        $"{checkpointPath}.eval-{testLimit?.ToString(CultureInfo.InvariantCulture) ?? "all"}.json";
}

/// <summary>A cached float evaluation (accuracy as a fraction).</summary>
internal sealed record FloatEvaluation(string CheckpointSha256, double Accuracy, double LatencyMs);
