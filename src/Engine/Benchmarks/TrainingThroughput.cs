namespace QuantGrid.Engine.Benchmarks;

/// <summary>Training throughput of one model through the real pipeline, and its share of the matmul peak.</summary>
/// <param name="TrainingFlopsPerImage">3 × the forward FLOPs (forward, input gradients, weight gradients).</param>
/// <param name="PeakFraction">Achieved training FLOP/s divided by the matmul peak.</param>
/// <param name="PreMadeImagesPerSecond">The same model and optimiser on one pre-made batch, repeated (no gather, shuffle or progress).</param>
/// <param name="DataPathRatio">Pipeline images/s ÷ pre-made images/s (1 = the data path costs nothing).</param>
public sealed record TrainingThroughput(
    string Model,
    int Images,
    double Seconds,
    double ImagesPerSecond,
    double TrainingFlopsPerImage,
    double AchievedGflops,
    double PeakGflops,
    double PeakFraction,
    double PreMadeImagesPerSecond,
    double DataPathRatio);
