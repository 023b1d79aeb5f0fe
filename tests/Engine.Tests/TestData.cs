using QuantGrid.Engine.Data;

namespace QuantGrid.Engine.Tests;

/// <summary>Locates the real data sets next to the repository (../shared/data) for tests.</summary>
internal static class TestData
{
    public static string FashionMnist => Directory(DatasetInfo.FashionMnist);

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
