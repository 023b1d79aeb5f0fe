namespace QuantGrid.Client.Tests;

/// <summary>Runs the CLI in-process and captures what it writes.</summary>
internal sealed record CliRun(int ExitCode, string Out, string Error)
{
    public static async Task<CliRun> RunAsync(params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var code = await QuantGridCli.RunAsync(args, new CliConsole(output, error, null), TestContext.Current.CancellationToken);
        return new CliRun(code, output.ToString(), error.ToString());
    }

    /// <summary>The built <c>quantgrid.dll</c> of src/Client, for tests that run the CLI as a separate process.</summary>
    public static string ClientAssembly
    {
        get
        {
            var configuration = AppContext.BaseDirectory.Contains($"{Path.DirectorySeparatorChar}Release{Path.DirectorySeparatorChar}", StringComparison.Ordinal) ? "Release" : "Debug";
            for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
            {
                var candidate = Path.Combine(directory.FullName, "src", "Client", "bin", configuration, "net10.0", "quantgrid.dll");
                if (File.Exists(candidate))
                {
                    return candidate;
                }
            }

            throw new FileNotFoundException("build src/Client first");
        }
    }

    public static string FashionData
    {
        get
        {
            for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
            {
                if (File.Exists(Path.Combine(directory.FullName, "QuantGrid.sln")))
                {
                    return Path.GetFullPath(Path.Combine(directory.FullName, "..", "shared", "data", "fashion-mnist"));
                }
            }

            throw new InvalidOperationException("QuantGrid.sln not found");
        }
    }
}
