using QuantGrid.Engine.Tests;

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

    /// <summary>
    /// Runs the CLI as a separate process until <paramref name="count"/> experiments have printed their <c>done</c>
    /// line, then kills it (<c>kill -9</c>, whole tree) and returns those experiments' ids.
    /// </summary>
    public static async Task<IReadOnlyList<string>> KillAfterResultsAsync(int count, params string[] args)
    {
        var finished = new List<string>();
        var info = new System.Diagnostics.ProcessStartInfo("dotnet", ["exec", ClientAssembly, .. args]) { RedirectStandardError = true, RedirectStandardOutput = true };
        using var process = System.Diagnostics.Process.Start(info)!;
        process.ErrorDataReceived += (_, _) => { };
        process.BeginErrorReadLine();
        while (finished.Count < count && await process.StandardOutput.ReadLineAsync(TestContext.Current.CancellationToken) is { } line)
        {
            if (line.Split(' ') is [_, "done", _, var id, ..])
            {
                finished.Add(id.TrimEnd(':'));
            }
        }

        process.Kill(entireProcessTree: true);
        await process.WaitForExitAsync(TestContext.Current.CancellationToken);
        return finished;
    }

    /// <summary>The built <c>quantgrid.dll</c> of src/Client, for tests that run the CLI as a separate process.</summary>
    public static string ClientAssembly => RepositoryPaths.BuildOutput("src/Client", "quantgrid.dll");

    public static string FashionData => RepositoryPaths.FashionData;
}
