namespace QuantGrid.Engine.Data;

/// <summary>A loaded data set: train and test splits in memory, and a validation split when one was held out of training.</summary>
public sealed class DatasetSplits(DatasetInfo dataset, string directory, LabelledImages train, LabelledImages test, LabelledImages? validation = null) : IDisposable
{
    public DatasetInfo Dataset { get; } = dataset;

    /// <summary>The directory the files came from.</summary>
    public string Directory { get; } = directory;

    public LabelledImages Train { get; } = train;

    public LabelledImages Test { get; } = test;

    /// <summary>Training images held out of <see cref="Train"/> (null when none were).</summary>
    public LabelledImages? Validation { get; } = validation;

    public void Dispose()
    {
        Train.Dispose();
        Test.Dispose();
        Validation?.Dispose();
    }
}
