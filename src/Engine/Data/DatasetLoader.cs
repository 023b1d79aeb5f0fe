namespace QuantGrid.Engine.Data;

/// <summary>Loads a data set's train and test splits from its IDX files into tensors.</summary>
public static class DatasetLoader
{
    /// <summary>
    /// Reads and validates the four files in <paramref name="directory"/>. Limits keep a stratified subset
    /// (see <see cref="Subsets.Stratified"/>) of the train and test splits; <paramref name="validation"/> &gt; 0
    /// first holds that many training images out as a validation split (see <see cref="Subsets.HoldOut"/>).
    /// </summary>
    /// <exception cref="DataFormatException">A file is missing, damaged or inconsistent with its partner.</exception>
    public static DatasetSplits Load(DatasetInfo dataset, string directory, int? trainLimit = null, int? testLimit = null, int validation = 0)
    {
        var (images, labels) = ReadSplit(dataset, directory, "train");
        var (trainIndices, validationIndices) = Subsets.HoldOut(labels, validation, trainLimit);
        var train = LabelledImages.Create(images, labels, dataset, trainIndices);
        LabelledImages? held = null;
        try
        {
            held = validation > 0 ? LabelledImages.Create(images, labels, dataset, validationIndices) : null;
            var (testImages, testLabels) = ReadSplit(dataset, directory, "t10k");
            var test = LabelledImages.Create(testImages, testLabels, dataset, Subsets.Stratified(testLabels, testLimit));
            return new DatasetSplits(dataset, directory, train, test, held);
        }
        catch
        {
            train.Dispose();
            held?.Dispose();
            throw;
        }
    }

    private static (IdxImages Images, byte[] Labels) ReadSplit(DatasetInfo dataset, string directory, string prefix)
    {
        var imagesPath = DatasetLocator.FilePath(directory, $"{prefix}-images-idx3-ubyte");
        var labelsPath = DatasetLocator.FilePath(directory, $"{prefix}-labels-idx1-ubyte");
        var images = IdxFileCache.ReadImages(imagesPath);
        var labels = IdxFileCache.ReadLabels(labelsPath, dataset.ClassCount);
        if (images.Count != labels.Length)
        {
            throw new DataFormatException(labelsPath, $"{labels.Length} labels but {Path.GetFileName(imagesPath)} has {images.Count} images");
        }

        if (images.Rows != DatasetInfo.ImageSide || images.Columns != DatasetInfo.ImageSide)
        {
            throw new DataFormatException(imagesPath, $"images are {images.Rows}x{images.Columns}; the models expect 28x28");
        }

        return (images, labels);
    }
}
