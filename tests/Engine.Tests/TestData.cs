using QuantGrid.Engine.Data;

namespace QuantGrid.Engine.Tests;

/// <summary>Locates the real data sets next to the repository (../shared/data) for tests.</summary>
internal static class TestData
{
    private static readonly Lazy<string> Root = new(FindRepositoryRoot);

    public static string RepositoryRoot => Root.Value;

    public static string FashionMnist => Directory(DatasetInfo.FashionMnist);

    public static string Directory(DatasetInfo dataset)
    {
        var fromEnvironment = Environment.GetEnvironmentVariable(DatasetLocator.EnvironmentVariable);
        return !string.IsNullOrEmpty(fromEnvironment)
            ? DatasetLocator.Resolve(dataset, fromEnvironment)
            : DatasetLocator.Resolve(dataset, Path.Combine(RepositoryRoot, "..", "shared", "data", dataset.Name));
    }

    public static DatasetSplits LoadFashion(int? trainLimit, int? testLimit) =>
        DatasetLoader.Load(DatasetInfo.FashionMnist, FashionMnist, trainLimit, testLimit);

    private static string FindRepositoryRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "QuantGrid.sln")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException($"QuantGrid.sln not found above {AppContext.BaseDirectory}");
    }
}
