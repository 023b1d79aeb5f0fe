namespace QuantGrid.Engine.Benchmarks;

/// <summary>Training throughput of one model through the real pipeline, and its share of the matmul peak.</summary>
/// <param name="TrainingFlopsPerImage">3 × the forward FLOPs (forward, input gradients, weight gradients).</param>
/// <param name="PeakFraction">Achieved training FLOP/s divided by the matmul peak.</param>
public sealed record TrainingThroughput(string Model, int Images, double Seconds, double ImagesPerSecond, double TrainingFlopsPerImage, double AchievedGflops, double PeakGflops, double PeakFraction);
