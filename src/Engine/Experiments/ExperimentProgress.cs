namespace QuantGrid.Engine.Experiments;

/// <summary>Where a running experiment is: its phase and, while training, the batch progress.</summary>
public sealed record ExperimentProgress(ExperimentPhase Phase, int Epoch = 0, int Epochs = 0, int Batch = 0, int Batches = 0, double? Loss = null, double? ImagesPerSecond = null);
