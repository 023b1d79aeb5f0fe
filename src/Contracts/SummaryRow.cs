namespace QuantGrid.Contracts;

/// <summary>One (model, method, bits or bit map) cell of a sweep: mean ± sample standard deviation over seeds (accuracies as fractions).</summary>
[GenerateSerializer, Immutable, Alias("QuantGrid.SummaryRow")]
public sealed record SummaryRow(
    [property: Id(0)] string Model,
    [property: Id(1)] ExperimentMethod Method,
    [property: Id(2)] int Bits,
    [property: Id(3)] int Seeds,
    [property: Id(4)] int Failed,
    [property: Id(5)] double? AccuracyMean,
    [property: Id(6)] double? AccuracyStd,
    [property: Id(7)] double? DropMean,
    [property: Id(8)] long? ModelBytes,
    [property: Id(9)] long? FloatModelBytes,
    [property: Id(10)] double? LatencyMs,
    [property: Id(11)] double DurationSeconds,
    [property: Id(12)] double? OnnxAccuracyMean = null,
    [property: Id(13)] double? OrtFp32MsBatch1 = null,
    [property: Id(14)] double? OrtInt8MsBatch1 = null,
    [property: Id(15)] double? OrtFp32MsBatch64 = null,
    [property: Id(16)] double? OrtInt8MsBatch64 = null,
    [property: Id(17)] string? BitMap = null,
    [property: Id(18)] double? ValidationAccuracyMean = null,
    [property: Id(19)] double? ValidationDropMean = null)
{
    /// <summary>ONNX Runtime fp32 ÷ int8 milliseconds per image at batch 64.</summary>
    public double? SpeedupBatch64 => OrtInt8MsBatch64 is > 0 and var int8 && OrtFp32MsBatch64 is { } fp32 ? fp32 / int8 : null;

    /// <summary>ONNX Runtime fp32 ÷ int8 milliseconds per image at batch 1.</summary>
    public double? SpeedupBatch1 => OrtInt8MsBatch1 is > 0 and var int8 && OrtFp32MsBatch1 is { } fp32 ? fp32 / int8 : null;

    public double? SizeRatio => ModelBytes is { } m && FloatModelBytes is > 0 and var f ? (double)m / f : null;
}
