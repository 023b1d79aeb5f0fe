namespace QuantGrid.Engine.Tests;

/// <summary>Paths inside the repository and next to it (the shared data), found from the test's build output.</summary>
internal static class RepositoryPaths
{
    private static readonly Lazy<string> RootPath = new(() =>
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "QuantGrid.sln")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException($"QuantGrid.sln not found above {AppContext.BaseDirectory}");
    });

    public static string Root => RootPath.Value;

    /// <summary>The verified Fashion-MNIST copy next to the repository (../shared/data/fashion-mnist).</summary>
    public static string FashionData => Path.GetFullPath(Path.Combine(Root, "..", "shared", "data", "fashion-mnist"));

    /// <summary>An assembly in a project's build output of the same configuration as the running tests (e.g. src/Silo, QuantGrid.Silo.dll).</summary>
    public static string BuildOutput(string project, string assembly)
    {
        var configuration = AppContext.BaseDirectory.Contains($"{Path.DirectorySeparatorChar}Release{Path.DirectorySeparatorChar}", StringComparison.Ordinal) ? "Release" : "Debug";
        var path = Path.Combine(Root, project, "bin", configuration, "net10.0", assembly);
        return File.Exists(path) ? path : throw new FileNotFoundException($"build {project} first (dotnet build)", path);
    }
}
