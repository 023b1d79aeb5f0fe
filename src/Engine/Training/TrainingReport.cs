namespace QuantGrid.Engine.Training;

/// <summary>What a training run did: epochs, images seen, wall time, throughput and final loss.</summary>
public sealed record TrainingReport(int Epochs, long Images, double Seconds, double FinalLoss)
{
    public double ImagesPerSecond => Seconds > 0 ? Images / Seconds : 0;
}
