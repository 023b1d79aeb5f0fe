namespace QuantGrid.Engine.Data;

/// <summary>
/// Finds a data set's directory: an explicit directory, else <c>QUANTGRID_DATA</c> (the directory of the
/// data set or its parent), else <c>./data/&lt;dataset&gt;</c>, else <c>../shared/data/&lt;dataset&gt;</c>.
/// Nothing is downloaded.
/// </summary>
public static class DatasetLocator
{
    /// <summary>The environment variable naming the data directory.</summary>
    public const string EnvironmentVariable = "QUANTGRID_DATA";

    /// <summary>The four IDX files of a split, without the optional <c>.gz</c> suffix.</summary>
    public static IReadOnlyList<string> FileNames { get; } =
        ["train-images-idx3-ubyte", "train-labels-idx1-ubyte", "t10k-images-idx3-ubyte", "t10k-labels-idx1-ubyte"];

    /// <summary>Returns the directory holding the data set's files.</summary>
    /// <exception cref="DataFormatException">No candidate directory holds the files.</exception>
    public static string Resolve(DatasetInfo dataset, string? explicitDirectory)
    {
        if (!string.IsNullOrWhiteSpace(explicitDirectory))
        {
            return RequireDirectory(explicitDirectory, dataset);
        }

        var fromEnvironment = Environment.GetEnvironmentVariable(EnvironmentVariable);
        if (!string.IsNullOrWhiteSpace(fromEnvironment))
        {
            return RequireDirectory(fromEnvironment, dataset);
        }

        string[] candidates =
        [
            Path.GetFullPath(Path.Combine("data", dataset.Name)),
            Path.GetFullPath(Path.Combine("..", "shared", "data", dataset.Name)),
        ];
        return candidates.FirstOrDefault(HasData)
            ?? throw new DataFormatException(
                candidates[0],
                $"{dataset.Name} not found (looked in {string.Join(" and ", candidates)}); pass --data DIR or set {EnvironmentVariable}");
    }

    /// <summary>The path of one IDX file in <paramref name="directory"/>, preferring the <c>.gz</c> copy.</summary>
    public static string FilePath(string directory, string name)
    {
        var compressed = Path.Combine(directory, name + ".gz");
        return File.Exists(compressed) ? compressed : Path.Combine(directory, name);
    }

    private static string RequireDirectory(string directory, DatasetInfo dataset)
    {
        var full = Path.GetFullPath(directory);
        if (HasData(full))
        {
            return full;
        }

        var nested = Path.Combine(full, dataset.Name);
        if (HasData(nested))
        {
            return nested;
        }

        if (!Directory.Exists(full))
        {
            throw new DataFormatException(full, "data directory not found");
        }

        var missing = FileNames.First(name => !File.Exists(FilePath(full, name)));
        throw new DataFormatException(FilePath(full, missing), $"file not found (the {dataset.Name} directory needs {string.Join(", ", FileNames)}, .gz or raw)");
    }

    private static bool HasData(string directory) => FileNames.All(name => File.Exists(FilePath(directory, name)));
}
