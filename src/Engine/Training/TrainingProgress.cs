namespace QuantGrid.Engine.Training;

/// <summary>Progress of a training run, reported after each batch.</summary>
public sealed record TrainingProgress(int Epoch, int Epochs, int Batch, int Batches, double Loss, double ImagesPerSecond);
