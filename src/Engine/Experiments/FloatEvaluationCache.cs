using System.Globalization;
using System.Text.Json;
using QuantGrid.Engine.Storage;

namespace QuantGrid.Engine.Experiments;

/// <summary>
/// The float model's accuracy and latency, stored next to its checkpoint per evaluated subset (test limit or validation) and checkpoint
/// hash, so the experiments that share a baseline evaluate it once, not once each.
/// </summary>
internal static class FloatEvaluationCache
{
    public static FloatEvaluation? Read(string checkpointPath, string checkpointSha256, string subset)
    {
        var path = PathOf(checkpointPath, subset);
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

    public static void Write(string checkpointPath, string subset, FloatEvaluation evaluation) =>
        AtomicFile.Write(PathOf(checkpointPath, subset), stream => JsonSerializer.Serialize(stream, evaluation));

    /// <summary>The cache's name for a test subset: its limit, or <c>all</c>.</summary>
    public static string TestSubset(int? testLimit) => testLimit?.ToString(CultureInfo.InvariantCulture) ?? "all";

    private static string PathOf(string checkpointPath, string subset) => $"{checkpointPath}.eval-{subset}.json";
}

/// <summary>A cached float evaluation (accuracy as a fraction).</summary>
internal sealed record FloatEvaluation(string CheckpointSha256, double Accuracy, double LatencyMs);
