using QuantGrid.Engine.Data;

namespace QuantGrid.Engine.Tests;

/// <summary>Locates the real data sets next to the repository (../shared/data) for tests.</summary>
internal static class TestData
{
    public static string FashionMnist => Directory(DatasetInfo.FashionMnist);

    /// <summary>
    /// Torch threads for the tests that train: 2 unless <c>QUANTGRID_TEST_TORCH_THREADS</c> says otherwise
    /// (<c>.ci/run</c> runs the engine tests a second time with 1 thread and another oneDNN instruction set).
    /// </summary>
    public static int TorchThreads =>
        int.TryParse(Environment.GetEnvironmentVariable("QUANTGRID_TEST_TORCH_THREADS"), out var threads) && threads > 0 ? threads : 2;

    public static string Directory(DatasetInfo dataset)
    {
        var fromEnvironment = Environment.GetEnvironmentVariable(DatasetLocator.EnvironmentVariable);
        return !string.IsNullOrEmpty(fromEnvironment)
            ? DatasetLocator.Resolve(dataset, fromEnvironment)
            : DatasetLocator.Resolve(dataset, Path.Combine(RepositoryPaths.Root, "..", "shared", "data", dataset.Name));
    }

    public static DatasetSplits LoadFashion(int? trainLimit, int? testLimit) =>
        DatasetLoader.Load(DatasetInfo.FashionMnist, FashionMnist, trainLimit, testLimit);
}
