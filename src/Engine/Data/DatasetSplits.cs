namespace QuantGrid.Engine.Data;

/// <summary>A loaded data set: train and test splits in memory.</summary>
public sealed class DatasetSplits(DatasetInfo dataset, string directory, LabelledImages train, LabelledImages test) : IDisposable
{
    public DatasetInfo Dataset { get; } = dataset;

    /// <summary>The directory the files came from.</summary>
    public string Directory { get; } = directory;

    public LabelledImages Train { get; } = train;

    public LabelledImages Test { get; } = test;

    public void Dispose()
    {
        Train.Dispose();
        Test.Dispose();
    }
}
