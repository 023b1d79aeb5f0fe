namespace QuantGrid.Engine.Training;

/// <summary>
/// What a training run did: epochs, images seen, wall time, throughput and final loss (a resumed run counts the
/// interrupted run's images and seconds too; <see cref="ResumedAfterEpochs"/> says how many epochs it found done).
/// </summary>
public sealed record TrainingReport(int Epochs, long Images, double Seconds, double FinalLoss, int ResumedAfterEpochs = 0)
{
    public double ImagesPerSecond => Seconds > 0 ? Images / Seconds : 0;
}
