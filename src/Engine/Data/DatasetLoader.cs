namespace QuantGrid.Engine.Data;

/// <summary>Loads a data set's train and test splits from its IDX files into tensors.</summary>
public static class DatasetLoader
{
    /// <summary>
    /// Reads and validates the four files in <paramref name="directory"/>. Limits keep a stratified subset
    /// (see <see cref="Subsets.Stratified"/>) of the train and test splits.
    /// </summary>
    /// <exception cref="DataFormatException">A file is missing, damaged or inconsistent with its partner.</exception>
    public static DatasetSplits Load(DatasetInfo dataset, string directory, int? trainLimit = null, int? testLimit = null)
    {
        var train = LoadSplit(dataset, directory, "train", trainLimit);
        try
        {
            var test = LoadSplit(dataset, directory, "t10k", testLimit);
            return new DatasetSplits(dataset, directory, train, test);
        }
        catch
        {
            train.Dispose();
            throw;
        }
    }

    private static LabelledImages LoadSplit(DatasetInfo dataset, string directory, string prefix, int? limit)
    {
        var imagesPath = DatasetLocator.FilePath(directory, $"{prefix}-images-idx3-ubyte");
        var labelsPath = DatasetLocator.FilePath(directory, $"{prefix}-labels-idx1-ubyte");
        var images = IdxFileCache.ReadImages(imagesPath);
        var labels = IdxFileCache.ReadLabels(labelsPath, dataset.ClassCount);
        if (images.Count != labels.Length)
        {
            throw new DataFormatException(labelsPath, $"{labels.Length} labels but {Path.GetFileName(imagesPath)} has {images.Count} images");
        }

        if (images.Rows != 28 || images.Columns != 28)
        {
            throw new DataFormatException(imagesPath, $"images are {images.Rows}x{images.Columns}; the models expect 28x28");
        }

        return LabelledImages.Create(images, labels, dataset, Subsets.Stratified(labels, limit));
    }
}
