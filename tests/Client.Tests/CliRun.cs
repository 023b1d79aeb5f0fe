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

    /// <summary>The built <c>quantgrid.dll</c> of src/Client, for tests that run the CLI as a separate process.</summary>
    public static string ClientAssembly => RepositoryPaths.BuildOutput("src/Client", "quantgrid.dll");

    public static string FashionData => RepositoryPaths.FashionData;
}
