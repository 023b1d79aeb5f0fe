namespace QuantGrid.Engine.Training;

/// <summary>Hyper-parameters and resources of one training run.</summary>
public sealed record TrainingOptions
{
    public int Epochs { get; init; } = 5;

    public int BatchSize { get; init; } = 128;

    public OptimizerKind Optimizer { get; init; } = OptimizerKind.AdamW;

    /// <summary>Peak learning rate; null takes the model's default.</summary>
    public double? LearningRate { get; init; }

    public double WeightDecay { get; init; } = 5e-4;

    public LearningRateSchedule Schedule { get; init; } = LearningRateSchedule.OneCycle;

    /// <summary>Random shifts and mirroring of every training batch (<see cref="Augmentation"/>).</summary>
    public bool Augment { get; init; }

    /// <summary>Label smoothing of the cross-entropy loss, in [0, 1).</summary>
    public double LabelSmoothing { get; init; }

    /// <summary>Seed for weight initialisation and data order.</summary>
    public int Seed { get; init; }

    /// <summary>Torch intra-op threads; 0 leaves libtorch's default (one per core).</summary>
    public int Threads { get; init; }

    /// <summary>Device: <c>cpu</c>, <c>cuda</c>, <c>cuda:N</c> or <c>auto</c> (CUDA when available).</summary>
    public string Device { get; init; } = "auto";

    /// <summary>Throws <see cref="ArgumentException"/> with a one-line reason when a value is out of range.</summary>
    public void Validate()
    {
        Require(Epochs is >= 1 and <= 1000, $"epochs must be between 1 and 1000 (got {Epochs})");
        Require(BatchSize is >= 1 and <= 65536, $"batch size must be between 1 and 65536 (got {BatchSize})");
        Require(LearningRate is null or (> 0 and <= 10), $"learning rate must be in (0, 10] (got {LearningRate})");
        Require(WeightDecay is >= 0 and < 1, $"weight decay must be in [0, 1) (got {WeightDecay})");
        Require(LabelSmoothing is >= 0 and < 1, $"label smoothing must be in [0, 1) (got {LabelSmoothing})");
        Require(Threads is >= 0 and <= 1024, $"threads must be between 0 and 1024 (got {Threads})");
        Require(Seed >= 0, $"seed must not be negative (got {Seed})");
    }

    private static void Require(bool condition, string message)
    {
        if (!condition)
        {
            throw new ArgumentException(message);
        }
    }
}
