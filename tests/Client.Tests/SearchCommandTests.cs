using System.Text.Json;
using QuantGrid.Engine.Tests;

namespace QuantGrid.Client.Tests;

public sealed class SearchCommandTests : IDisposable
{
    private static readonly byte[] PngMagic = [0x89, (byte)'P', (byte)'N', (byte)'G'];
    private readonly TempDirectory temp = new();

    public void Dispose() => temp.Dispose();

    [Fact]
    public async Task A_tiny_search_survives_kill_9_resumes_without_rerunning_probes_and_writes_its_answer_and_figure()
    {
        var artifacts = Path.Combine(temp.Path, "artifacts");
        var output = Path.Combine(temp.Path, "search");
        string[] args =
        [
            "search", "--model", "cnn", "--target-drop", "2", "--widths", "2,4,8", "--verify", "3", "--validation", "500",
            "--train-limit", "1500", "--test-limit", "300", "--epochs", "1", "--threads", "1", "--rounding", "nearest",
            "--data", CliRun.FashionData, "--artifacts", artifacts, "--out", output,
        ];
        var finishedBeforeKill = await CliRun.KillAfterResultsAsync(3, args);

        var killedAt = DateTimeOffset.UtcNow;
        var rerun = await CliRun.RunAsync([.. args, "--json"]);

        Assert.Equal(3, finishedBeforeKill.Count);
        Assert.True(rerun.ExitCode == 0, rerun.Error);
        var answer = JsonDocument.Parse(rerun.Out).RootElement;
        Assert.Equal("cnn", answer.GetProperty("model").GetString());
        var bitMap = answer.GetProperty("bitMap").GetString()!;
        Assert.Matches("^w[248]-[248]-[248]/a8-8-8$", bitMap);
        Assert.InRange(answer.GetProperty("accuracy").GetDouble(), 10, 100);
        Assert.InRange(answer.GetProperty("floatAccuracy").GetDouble(), 10, 100);
        Assert.True(answer.GetProperty("modelBytes").GetInt64() < answer.GetProperty("floatModelBytes").GetInt64());
        var frontier = answer.GetProperty("frontier").EnumerateArray().ToList();
        Assert.True(frontier.Count >= 2);
        Assert.Contains(frontier, p => p.GetProperty("bitMap").GetString() == bitMap && p.GetProperty("measuredDrop").ValueKind == JsonValueKind.Number);
        Assert.All(frontier, p => Assert.True(p.GetProperty("modelBytes").GetInt64() > 0 && p.GetProperty("predictedDrop").ValueKind == JsonValueKind.Number));

        var sensitivitySweep = answer.GetProperty("sweeps")[0].GetString()!;
        var probes = await CliRun.RunAsync("results", sensitivitySweep, "--artifacts", artifacts, "--json");
        var byId = JsonDocument.Parse(probes.Out).RootElement.EnumerateArray().ToDictionary(r => r.GetProperty("experimentId").GetString()!);
        Assert.Equal(9, byId.Count);
        Assert.All(byId.Values, r => Assert.Equal("succeeded", r.GetProperty("status").GetString()));
        Assert.All(byId.Values, r => Assert.Equal(JsonValueKind.Null, r.GetProperty("accuracy").ValueKind));
        Assert.All(byId.Values, r => Assert.Equal(JsonValueKind.Number, r.GetProperty("outputSqnrDb").ValueKind));
        var sensitivities = answer.GetProperty("sensitivities").EnumerateArray().ToList();
        Assert.Equal(3, sensitivities.Count);
        Assert.All(sensitivities, layer => Assert.All(layer.GetProperty("widths").EnumerateArray(), w => Assert.Equal(JsonValueKind.Number, w.GetProperty("outputSqnrDb").ValueKind)));
        foreach (var id in finishedBeforeKill)
        {
            Assert.True(byId[id].GetProperty("finishedUtc").GetDateTimeOffset() < killedAt, $"{id} ran again after the kill");
            Assert.Equal(1, byId[id].GetProperty("attempts").GetInt32());
        }

        foreach (var file in new[] { "frontier.json", "frontier.csv", "sensitivity.csv", "summary.md", "frontier.svg" })
        {
            Assert.True(new FileInfo(Path.Combine(output, file)).Length > 0, file);
        }

        var png = await File.ReadAllBytesAsync(Path.Combine(output, "frontier.png"), TestContext.Current.CancellationToken);
        Assert.True(png.Length > 5000 && png.AsSpan(0, 4).SequenceEqual(PngMagic), "frontier.png is a PNG with content");
        var summary = await File.ReadAllTextAsync(Path.Combine(output, "summary.md"), TestContext.Current.CancellationToken);
        Assert.Contains("![frontier](frontier.png)", summary, StringComparison.Ordinal);
        Assert.Contains("## Output SQNR", summary, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Dry_run_lists_the_models_weighted_layers_and_its_probes()
    {
        var run = await CliRun.RunAsync("search", "--model", "cnn", "--dry-run", "--json");

        Assert.Equal(0, run.ExitCode);
        var plan = JsonDocument.Parse(run.Out).RootElement;
        Assert.Equal(3, plan.GetProperty("layers").GetArrayLength());
        Assert.Equal(3 * 5, plan.GetProperty("probes").GetInt32());
        Assert.Equal(plan.GetProperty("searchId").GetString(), JsonDocument.Parse((await CliRun.RunAsync("search", "--model", "cnn", "--dry-run", "--json")).Out).RootElement.GetProperty("searchId").GetString());
    }

    [Theory]
    [InlineData("--target-drop", "1", "--budget-ratio", "0.1", "one of --target-drop")]
    [InlineData("--budget-ratio", "1.5", "--seeds", "0", "--budget-ratio must be in")]
    [InlineData("--widths", "4", "--seeds", "0", "at least two widths")]
    [InlineData("--methods", "float", "--seeds", "0", "ptq and/or qat")]
    public async Task Bad_search_options_are_one_line_with_exit_code_2(string option, string value, string other, string otherValue, string message)
    {
        var run = await CliRun.RunAsync("search", "--model", "cnn", option, value, other, otherValue, "--dry-run");

        Assert.Equal(2, run.ExitCode);
        Assert.Contains(message, run.Error, StringComparison.Ordinal);
        Assert.Single(run.Error.Trim().Split('\n'));
    }

    [Fact]
    public async Task Quantize_checks_a_bit_map_against_the_models_layers()
    {
        var run = await CliRun.RunAsync("quantize", "--model", "cnn", "--bit-map", "w8-4/a8-8", "--data", CliRun.FashionData, "--artifacts", temp.Path);

        Assert.Equal(2, run.ExitCode);
        Assert.Contains("has 2 layers but cnn has 3 weighted layers", run.Error, StringComparison.Ordinal);
    }
}
