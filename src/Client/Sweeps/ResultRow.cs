using QuantGrid.Contracts;

namespace QuantGrid.Client.Sweeps;

/// <summary>One experiment in <c>results.json</c> / <c>results.csv</c> (accuracies in percent).</summary>
internal sealed record ResultRow(
    string ExperimentId,
    string Model,
    string Method,
    int Bits,
    int ActivationBits,
    string EdgeLayers,
    int Seed,
    string Status,
    double? Accuracy,
    double? FloatAccuracy,
    long? ModelBytes,
    long? FloatModelBytes,
    double? SizeRatio,
    double? LatencyMs,
    string Silo,
    int Attempts,
    double DurationSeconds,
    string? Error,
    string? ModelPath,
    DateTimeOffset FinishedUtc,
    string? OnnxPath,
    long? OnnxBytes,
    double? OnnxAccuracy,
    double? OnnxAgreement,
    double? OrtFp32MsBatch1,
    double? OrtInt8MsBatch1,
    double? OrtFp32MsBatch64,
    double? OrtInt8MsBatch64,
    string? BitMap,
    double? ValidationAccuracy,
    double? FloatValidationAccuracy,
    double? OutputSqnrDb)
{
    public static ResultRow From(ExperimentResult r) => new(
        r.ExperimentId,
        r.Spec.Model,
        r.Spec.Method.ToString().ToLowerInvariant(),
        r.Spec.Bits,
        r.Spec.ActivationBits,
        r.Spec.Method == ExperimentMethod.Float ? "n/a" : r.Spec.BitMap is null ? r.Spec.Settings.EdgeLayers : "bitmap",
        r.Spec.Seed,
        r.Status.ToString().ToLowerInvariant(),
        Figures.Percent(r.Accuracy),
        Figures.Percent(r.FloatAccuracy),
        r.ModelBytes,
        r.FloatModelBytes,
        Figures.SizeRatio(r.ModelBytes, r.FloatModelBytes),
        Figures.Milliseconds(r.LatencyMs),
        r.Silo,
        r.Attempts,
        Math.Round(r.DurationSeconds, 2),
        r.Error,
        Figures.ArtifactRelative(r.ModelPath),
        r.FinishedUtc,
        Figures.ArtifactRelative(r.Onnx?.Path),
        r.Onnx?.Bytes,
        Figures.Percent(r.Onnx?.Accuracy),
        Figures.Percent(r.Onnx?.Agreement),
        Figures.Milliseconds(r.Onnx?.Fp32MsBatch1),
        Figures.Milliseconds(r.Onnx?.Int8MsBatch1),
        Figures.Milliseconds(r.Onnx?.Fp32MsBatch64),
        Figures.Milliseconds(r.Onnx?.Int8MsBatch64),
        r.Spec.Method == ExperimentMethod.Float ? null : r.Spec.BitMap,
        Figures.Percent(r.ValidationAccuracy),
        Figures.Percent(r.FloatValidationAccuracy),
        Figures.Decibels(r.OutputSqnrDb));

    public static string CsvHeader =>
        "experimentId,model,method,bits,activationBits,edgeLayers,seed,status,accuracy,floatAccuracy,modelBytes,floatModelBytes,sizeRatio,latencyMs,silo,attempts,durationSeconds,error,modelPath,finishedUtc,onnxPath,onnxBytes,onnxAccuracy,onnxAgreement,ortFp32MsBatch1,ortInt8MsBatch1,ortFp32MsBatch64,ortInt8MsBatch64,bitMap,validationAccuracy,floatValidationAccuracy,outputSqnrDb";

    public string ToCsv() => string.Join(
        ',',
        new object?[] { ExperimentId, Model, Method, Bits, ActivationBits, EdgeLayers, Seed, Status, Accuracy, FloatAccuracy, ModelBytes, FloatModelBytes, SizeRatio, LatencyMs, Silo, Attempts, DurationSeconds, Error, ModelPath, FinishedUtc.ToString("O", System.Globalization.CultureInfo.InvariantCulture), OnnxPath, OnnxBytes, OnnxAccuracy, OnnxAgreement, OrtFp32MsBatch1, OrtInt8MsBatch1, OrtFp32MsBatch64, OrtInt8MsBatch64, BitMap, ValidationAccuracy, FloatValidationAccuracy, OutputSqnrDb }
            .Select(Csv));

    private static string Csv(object? value)
    {
        var text = value switch
        {
            null => "",
            IFormattable f => f.ToString(null, System.Globalization.CultureInfo.InvariantCulture),
            _ => value.ToString() ?? "",
        };
        return text.IndexOfAny([',', '"', '\n', '\r']) >= 0 ? $"\"{text.Replace("\"", "\"\"", StringComparison.Ordinal)}\"" : text;
    }
}
