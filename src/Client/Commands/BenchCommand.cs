using System.CommandLine;

namespace QuantGrid.Client.Commands;

/// <summary><c>quantgrid bench train|orchestration|infer</c>: training throughput, orchestration overhead, inference latency.</summary>
internal static class BenchCommand
{
    public static Command Create(CliConsole console)
    {
        var bench = new Command("bench", "Benchmarks (figures for docs/BENCHMARKS.md).");
        bench.Subcommands.Add(BenchTrainCommand.Create(console));
        bench.Subcommands.Add(BenchOrchestrationCommand.Create(console));
        bench.Subcommands.Add(BenchInferCommand.Create(console));
        return bench;
    }
}
