using System.CommandLine;

namespace QuantGrid.Client.Commands;

/// <summary><c>quantgrid bench train</c>: training throughput per model against libtorch's matmul peak.</summary>
internal static class BenchCommand
{
    public static Command Create(CliConsole console)
    {
        var bench = new Command("bench", "Benchmarks (figures for docs/BENCHMARKS.md).");
        bench.Subcommands.Add(BenchTrainCommand.Create(console));
        bench.Subcommands.Add(BenchOrchestrationCommand.Create(console));
        return bench;
    }
}
