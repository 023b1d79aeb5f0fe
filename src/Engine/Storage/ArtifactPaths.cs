using System.Security.Cryptography;
using System.Text;
using QuantGrid.Engine.Experiments;
using QuantGrid.Engine.Training;

namespace QuantGrid.Engine.Storage;

/// <summary>Where artifacts live under an artifact root: names derived from the content that determines them.</summary>
public static class ArtifactPaths
{
    /// <summary>The float checkpoint of a training request: <c>checkpoints/&lt;model&gt;-&lt;dataset&gt;-s&lt;seed&gt;-&lt;key hash&gt;.ckpt</c>.</summary>
    public static string FloatCheckpoint(string root, FloatTrainingRequest request) =>
        Path.Combine(root, "checkpoints", $"{request.Model}-{request.Dataset.Name}-s{request.Training.Seed}-{ShortHash(FloatTraining.TrainingKey(request))}.ckpt");

    /// <summary>The packed model of an experiment: <c>models/&lt;model&gt;-&lt;method&gt;-w&lt;bits&gt;a&lt;bits&gt;-s&lt;seed&gt;-&lt;settings hash&gt;.qgm</c>.</summary>
    public static string PackedModel(string root, ExperimentRequest request)
    {
        var q = request.Quantization;
        var settings = ExperimentKey(request);
        var widths = q.BitMap is null ? $"w{q.WeightBits}a{q.EffectiveActivationBits}" : "mixed";
        return Path.Combine(root, "models", $"{request.Model}-{request.Method.ToString().ToLowerInvariant()}-{widths}-s{request.Training.Seed}-{ShortHash(settings)}.qgm");
    }

    /// <summary>A stable description of everything that determines an experiment's quantized model.</summary>
    public static string ExperimentKey(ExperimentRequest request) =>
        $"{FloatTraining.TrainingKey(request.FloatRequest)};{request.Method};{request.Quantization};qat-epochs={request.QatEpochs};qat-lr={request.QatLearningRate}{(request.Distill ? ";distill" : "")}";

    /// <summary>The first 12 hex digits of the SHA-256 of <paramref name="text"/>.</summary>
    public static string ShortHash(string text) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)))[..12];
}
