using System.Text.Json;
using QuantGrid.Engine.Tests;

namespace QuantGrid.Client.Tests;

public sealed class OnnxCommandTests : IDisposable
{
    private readonly TempDirectory temp = new();

    public void Dispose() => temp.Dispose();

    [Fact]
    public async Task Export_writes_an_onnx_model_that_infer_evaluates_like_the_engine_and_foreign_or_bad_files_are_refused()
    {
        var onnxPath = temp.File("cnn-w8.onnx");
        var export = await CliRun.RunAsync(
            "export", "--model", "cnn", "--method", "ptq", "--bits", "8", "--format", "onnx", "--out", onnxPath, "--train-limit", "1000", "--test-limit", "300",
            "--epochs", "1", "--threads", "1", "--data", CliRun.FashionData, "--artifacts", temp.File("artifacts"), "--json");
        Assert.True(export.ExitCode == 0, export.Error);
        var exported = JsonDocument.Parse(export.Out).RootElement;
        Assert.Equal(onnxPath, exported.GetProperty("onnxPath").GetString());
        Assert.True(exported.GetProperty("onnxAgreement").GetDouble() >= 99.0, export.Out);
        Assert.True(exported.GetProperty("ortInt8MsBatch64").GetDouble() > 0);

        var infer = await CliRun.RunAsync(
            "infer", "--model-file", onnxPath, "--reference", exported.GetProperty("modelPath").GetString()!, "--model", "cnn",
            "--test-limit", "300", "--threads", "1", "--data", CliRun.FashionData, "--json");

        Assert.True(infer.ExitCode == 0, infer.Error);
        var report = JsonDocument.Parse(infer.Out).RootElement;
        Assert.Equal(300, report.GetProperty("images").GetInt32());
        Assert.Equal(exported.GetProperty("onnxAccuracy").GetDouble(), report.GetProperty("accuracy").GetDouble(), 2);
        Assert.Equal(exported.GetProperty("onnxAgreement").GetDouble(), report.GetProperty("agreement").GetDouble(), 2);
        Assert.Equal("int8", report.GetProperty("precision").GetString());

        var corrupt = temp.File("corrupt.onnx");
        var bytes = File.ReadAllBytes(onnxPath);
        File.WriteAllBytes(corrupt, bytes[..(bytes.Length / 2)]);
        foreach (var (args, expected) in new (string[], string)[]
        {
            (["infer", "--model-file", temp.File("missing.onnx")], "no such ONNX model file"),
            (["infer", "--model-file", corrupt], "not a valid ONNX model"),
            (["infer", "--model-file", onnxPath, "--model", "vgg16"], "is a cnn model, not vgg16"),
            (["infer", "--model-file", onnxPath, "--reference", temp.File("missing.qgm")], "no such reference model file"),
        })
        {
            var refused = await CliRun.RunAsync([.. args, "--test-limit", "20", "--data", CliRun.FashionData]);
            Assert.Equal(2, refused.ExitCode);
            Assert.Single(refused.Error.TrimEnd().Split('\n'));
            Assert.Contains(expected, refused.Error, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task Bench_infer_reports_torch_and_onnx_runtime_latencies_per_batch_size()
    {
        var run = await CliRun.RunAsync("bench", "infer", "--models", "cnn", "--runs", "20", "--batch-runs", "2", "--threads", "1", "--artifacts", temp.File("none"), "--data", CliRun.FashionData, "--json");

        Assert.True(run.ExitCode == 0, run.Error);
        var rows = JsonDocument.Parse(run.Out).RootElement.EnumerateArray().ToList();
        Assert.Equal([1, 64], rows.Select(r => r.GetProperty("batch").GetInt32()));
        foreach (var row in rows)
        {
            Assert.Equal("cnn", row.GetProperty("model").GetString());
            Assert.Equal("random", row.GetProperty("weights").GetString());
            foreach (var field in new[] { "torchFp32MsPerImage", "ortFp32MsPerImage", "ortInt8MsPerImage" })
            {
                Assert.True(row.GetProperty(field).GetDouble() > 0, field);
            }
        }
    }

    [Fact]
    public async Task A_sweep_with_export_onnx_records_onnx_accuracy_and_latency_with_relative_paths()
    {
        var run = await CliRun.RunAsync(
            "sweep", "--models", "cnn", "--methods", "float,ptq", "--bits", "8", "--export", "onnx", "--train-limit", "1000", "--test-limit", "200",
            "--epochs", "1", "--threads", "1", "--data", CliRun.FashionData, "--artifacts", temp.File("artifacts"), "--out", temp.File("out"), "--json");

        Assert.True(run.ExitCode == 0, run.Error);
        var results = JsonDocument.Parse(File.ReadAllText(temp.File("out/results.json"))).RootElement.EnumerateArray().ToDictionary(r => r.GetProperty("method").GetString()!);
        var ptq = results["ptq"];
        Assert.True(ptq.GetProperty("onnxAgreement").GetDouble() >= 99.0);
        Assert.True(ptq.GetProperty("ortInt8MsBatch1").GetDouble() > 0 && ptq.GetProperty("ortFp32MsBatch64").GetDouble() > 0);
        Assert.Equal(JsonValueKind.Null, results["float"].GetProperty("ortInt8MsBatch1").ValueKind);
        Assert.True(results["float"].GetProperty("ortFp32MsBatch1").GetDouble() > 0);
        foreach (var row in results.Values)
        {
            foreach (var field in new[] { "modelPath", "onnxPath" })
            {
                var path = row.GetProperty(field).GetString()!;
                Assert.False(Path.IsPathRooted(path), $"{field} {path} is absolute");
                Assert.True(File.Exists(Path.Combine(temp.File("artifacts"), path)), $"{field} {path} is not under the artifact store");
            }
        }

        Assert.Contains("int8 speed-up", File.ReadAllText(temp.File("out/summary.md")), StringComparison.Ordinal);
    }
}
