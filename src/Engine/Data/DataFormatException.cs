namespace QuantGrid.Engine.Data;

/// <summary>A data file is missing, truncated or not what it claims to be. The message names the file.</summary>
public sealed class DataFormatException : Exception
{
    public DataFormatException(string path, string problem)
        : base($"{path}: {problem}")
    {
        FilePath = path;
        Problem = problem;
    }

    public DataFormatException(string path, string problem, Exception innerException)
        : base($"{path}: {problem}", innerException)
    {
        FilePath = path;
        Problem = problem;
    }

    /// <summary>The file at fault.</summary>
    public string FilePath { get; }

    /// <summary>What is wrong with it.</summary>
    public string Problem { get; }
}
