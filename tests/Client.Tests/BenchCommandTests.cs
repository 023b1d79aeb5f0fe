using System.Text.Json;

namespace QuantGrid.Client.Tests;

public sealed class BenchCommandTests
{
    [Fact]
    public async Task Orchestration_runs_every_sleep_experiment_once_and_never_beats_the_ideal()
    {
        var run = await CliRun.RunAsync("bench", "orchestration", "--experiments", "20", "--sleep-ms", "20", "--slots", "4", "--json");

        Assert.Equal(0, run.ExitCode);
        var report = JsonDocument.Parse(run.Out).RootElement;
        Assert.Equal(24, report.GetProperty("experiments").GetInt32());
        Assert.Equal(24, report.GetProperty("succeeded").GetInt32());
        Assert.Equal(0.12, report.GetProperty("idealSeconds").GetDouble(), 6);
        Assert.True(report.GetProperty("ratio").GetDouble() >= 1, run.Out);
    }

    [Theory]
    [InlineData("--experiments", "7")]
    [InlineData("--sleep-ms", "-1")]
    public async Task Orchestration_rejects_bad_sizes(string option, string value)
    {
        var run = await CliRun.RunAsync("bench", "orchestration", option, value);

        Assert.Equal(2, run.ExitCode);
        Assert.StartsWith("quantgrid: ", run.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Train_reports_throughput_flops_and_the_data_path_ratio_per_model()
    {
        var run = await CliRun.RunAsync("bench", "train", "--models", "cnn", "--batches", "3", "--rounds", "1", "--threads", "1", "--data", CliRun.FashionData, "--json");

        Assert.True(run.ExitCode == 0, run.Error);
        var summary = JsonDocument.Parse(run.Out).RootElement;
        Assert.True(summary.GetProperty("matmulGflops").GetDouble() > 0);
        var cnn = summary.GetProperty("models").EnumerateArray().Single();
        Assert.Equal(384, cnn.GetProperty("images").GetInt32());
        Assert.Equal(3 * 2 * ((28 * 28 * 16 * 9) + (14 * 14 * 32 * 16 * 9) + (32 * 7 * 7 * 10)), cnn.GetProperty("trainingFlopsPerImage").GetDouble());
        Assert.True(cnn.GetProperty("imagesPerSecond").GetDouble() > 0);
        Assert.InRange(cnn.GetProperty("dataPathRatio").GetDouble(), 0.05, 20);
    }
}
