using System.Text.Json;
using QuantGrid.Engine.Tests;
using QuantGrid.Engine.Tests.Data;

namespace QuantGrid.Client.Tests;

public sealed class CommandLineTests : IDisposable
{
    private readonly TempDirectory temp = new();

    public void Dispose() => temp.Dispose();

    [Fact]
    public async Task Models_json_lists_the_three_models_with_parameter_counts()
    {
        var run = await CliRun.RunAsync("models", "--json");

        Assert.Equal(0, run.ExitCode);
        var models = JsonDocument.Parse(run.Out).RootElement.EnumerateArray().ToDictionary(e => e.GetProperty("name").GetString()!, e => e.GetProperty("parameters").GetInt64());
        Assert.Equal(["cnn", "mobilenet", "vgg16"], models.Keys);
        Assert.Equal(14_781_642, models["vgg16"]);
        Assert.Equal(20_490, models["cnn"]);
    }

    [Fact]
    public async Task Models_layers_lists_one_row_per_width_of_a_bit_map_with_the_weights_that_add_up_to_the_layers()
    {
        var run = await CliRun.RunAsync("models", "--layers", "mobilenet", "--json");
        var text = await CliRun.RunAsync("models", "--layers", "cnn");

        Assert.Equal(0, run.ExitCode);
        var layers = JsonDocument.Parse(run.Out).RootElement.EnumerateArray().ToList();
        Assert.Equal(28, layers.Count);
        Assert.Equal(Enumerable.Range(0, 28), layers.Select(l => l.GetProperty("index").GetInt32()));
        Assert.Equal(13, layers.Count(l => l.GetProperty("name").GetString()!.StartsWith("depthwise", StringComparison.Ordinal)));
        Assert.StartsWith("dense", layers[^1].GetProperty("name").GetString(), StringComparison.Ordinal);
        Assert.InRange(layers.Sum(l => l.GetProperty("weights").GetInt64()), 3_100_000, 3_217_226);
        Assert.Equal(0, text.ExitCode);
        Assert.StartsWith("cnn: 3 weighted layers", text.Out, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Train_json_reports_accuracy_and_throughput_and_writes_a_checkpoint()
    {
        var run = await CliRun.RunAsync(
            "train", "--model", "cnn", "--epochs", "2", "--train-limit", "2000", "--test-limit", "500",
            "--threads", "1", "--data", CliRun.FashionData, "--artifacts", temp.Path, "--json");

        Assert.Equal(0, run.ExitCode);
        var result = JsonDocument.Parse(run.Out).RootElement;
        Assert.Equal("cnn", result.GetProperty("model").GetString());
        Assert.Equal(2, result.GetProperty("epochs").GetInt32());
        Assert.Equal(0, result.GetProperty("seed").GetInt32());
        Assert.Equal(20_490, result.GetProperty("parameters").GetInt64());
        Assert.InRange(result.GetProperty("accuracy").GetDouble(), 50, 100);
        Assert.True(result.GetProperty("trainSeconds").GetDouble() > 0);
        Assert.True(result.GetProperty("imagesPerSecond").GetDouble() > 0);
        Assert.StartsWith("checkpoints/", result.GetProperty("checkpoint").GetString(), StringComparison.Ordinal);
        Assert.True(File.Exists(Path.Combine(temp.Path, result.GetProperty("checkpoint").GetString()!)));
        Assert.Equal("plain", result.GetProperty("recipe").GetString());
        Assert.Equal(JsonValueKind.Null, result.GetProperty("validationAccuracy").ValueKind);
    }

    [Fact]
    public async Task Train_with_a_recipe_and_a_validation_split_reports_both_and_keeps_its_own_checkpoint()
    {
        string[] common = ["train", "--model", "cnn", "--epochs", "1", "--train-limit", "1500", "--test-limit", "300", "--threads", "1", "--data", CliRun.FashionData, "--artifacts", temp.Path, "--json"];

        var plain = await CliRun.RunAsync([.. common, "--validation", "500"]);
        var augmented = await CliRun.RunAsync([.. common, "--validation", "500", "--recipe", "augmented"]);

        Assert.True(plain.ExitCode == 0 && augmented.ExitCode == 0, plain.Error + augmented.Error);
        var (p, a) = (JsonDocument.Parse(plain.Out).RootElement, JsonDocument.Parse(augmented.Out).RootElement);
        Assert.Equal("augmented", a.GetProperty("recipe").GetString());
        Assert.InRange(a.GetProperty("validationAccuracy").GetDouble(), 20, 100);
        Assert.InRange(p.GetProperty("validationAccuracy").GetDouble(), 20, 100);
        Assert.NotEqual(p.GetProperty("checkpoint").GetString(), a.GetProperty("checkpoint").GetString());
    }

    [Theory]
    [InlineData("ptq", "4", null, "minmax", true)]
    [InlineData("ptq", "2", null, "mse", false)]
    [InlineData("qat", "2", "8", "minmax", null)]
    public async Task Quantize_json_reports_the_result_with_its_settings(string method, string bits, string? actBits, string calibration, bool? biasCorrection)
    {
        string[] args =
        [
            "quantize", "--model", "cnn", "--method", method, "--bits", bits, "--epochs", "1", "--qat-epochs", "1", "--train-limit", "1000",
            "--test-limit", "300", "--threads", "1", "--data", CliRun.FashionData, "--artifacts", temp.Path, "--json",
            .. actBits is null ? Array.Empty<string>() : ["--act-bits", actBits],
            .. biasCorrection == false ? ["--no-bias-correction"] : Array.Empty<string>(),
        ];

        var run = await CliRun.RunAsync(args);

        Assert.True(run.ExitCode == 0, run.Error);
        var result = JsonDocument.Parse(run.Out).RootElement;
        Assert.Equal(("cnn", method, int.Parse(bits, System.Globalization.CultureInfo.InvariantCulture)), (result.GetProperty("model").GetString(), result.GetProperty("method").GetString(), result.GetProperty("bits").GetInt32()));
        Assert.Equal(int.Parse(actBits ?? bits, System.Globalization.CultureInfo.InvariantCulture), result.GetProperty("activationBits").GetInt32());
        Assert.Equal(("eightbit", calibration, 0), (result.GetProperty("edgeLayers").GetString(), result.GetProperty("calibration").GetString(), result.GetProperty("seed").GetInt32()));
        Assert.Equal(biasCorrection, result.GetProperty("biasCorrection").ValueKind == JsonValueKind.Null ? null : result.GetProperty("biasCorrection").GetBoolean());
        Assert.InRange(result.GetProperty("accuracy").GetDouble(), 10, 100);
        Assert.InRange(result.GetProperty("floatAccuracy").GetDouble(), 50, 100);
        Assert.InRange(result.GetProperty("packedAgreement").GetDouble(), 99, 100);
        Assert.True(result.GetProperty("modelBytes").GetInt64() < result.GetProperty("floatModelBytes").GetInt64() / 3);
        Assert.True(File.Exists(result.GetProperty("modelPath").GetString()));
    }

    [Theory]
    [InlineData("train", "--model", "resnet")]
    [InlineData("train", "--model", "cnn", "--epochs", "0")]
    [InlineData("train", "--model", "cnn", "--epochs", "abc")]
    [InlineData("train", "--model", "cnn", "--epochs", "-3")]
    [InlineData("train", "--model", "cnn", "--train-limit", "0")]
    [InlineData("train", "--model", "cnn", "--dataset", "cifar")]
    [InlineData("train", "--model", "cnn", "--lr", "-1")]
    [InlineData("train", "--model", "cnn", "--recipe", "mixup")]
    [InlineData("models", "--layers", "resnet")]
    [InlineData("sweep", "--models", "cnn,resnet", "--dry-run")]
    [InlineData("train", "--model", "cnn", "--validation", "50")]
    [InlineData("train")]
    [InlineData("frobnicate")]
    public async Task Usage_errors_are_one_line_with_exit_code_2(params string[] args)
    {
        var run = await CliRun.RunAsync(args);

        Assert.Equal(2, run.ExitCode);
        Assert.Single(run.Error.TrimEnd().Split('\n'));
        Assert.StartsWith("quantgrid: ", run.Error, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", run.Error, StringComparison.Ordinal);
        Assert.DoesNotContain("(Parameter '", run.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Missing_data_directory_is_one_line_with_exit_code_2()
    {
        var missing = Path.Combine(temp.Path, "absent");

        var run = await CliRun.RunAsync("train", "--model", "cnn", "--data", missing);

        Assert.Equal(2, run.ExitCode);
        Assert.Equal($"quantgrid: {missing}: data directory not found", run.Error.TrimEnd());
    }

    [Fact]
    public async Task Truncated_data_file_is_named_with_exit_code_2()
    {
        IdxWriter.WriteDataset(temp.Path, 50, 20, compress: false);
        var images = Path.Combine(temp.Path, "train-images-idx3-ubyte");
        File.WriteAllBytes(images, File.ReadAllBytes(images)[..1000]);

        var run = await CliRun.RunAsync("train", "--model", "cnn", "--data", temp.Path, "--no-save");

        Assert.Equal(2, run.ExitCode);
        Assert.StartsWith($"quantgrid: {images}: truncated", run.Error, StringComparison.Ordinal);
        Assert.Single(run.Error.TrimEnd().Split('\n'));
    }
}
