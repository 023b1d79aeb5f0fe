using System.CommandLine;
using QuantGrid.Engine.Data;
using QuantGrid.Engine.Inference;

namespace QuantGrid.Client.Commands;

/// <summary><c>quantgrid infer --model-file F.onnx</c>: an exported model evaluated by ONNX Runtime, compared with the engine's model.</summary>
internal static class InferCommand
{
    public static Command Create(CliConsole console)
    {
        var file = new Option<string>("--model-file") { Description = "The ONNX file (from `quantgrid export` or `sweep --export onnx`).", Required = true };
        var reference = new Option<string?>("--reference") { Description = "Engine model to compare predictions with (.qgm or .ckpt; default: the one with the same name beside the file)." };
        var model = new Option<string?>("--model") { Description = "Refuse a file of any other model (cnn, mobilenet, vgg16)." };
        var dataset = CommonOptions.Dataset();
        var data = CommonOptions.Data();
        var testLimit = CommonOptions.TestLimit();
        var threads = CommonOptions.Threads();
        var json = CommonOptions.Json();
        var command = new Command("infer", "Evaluate an ONNX model with ONNX Runtime on the test set: accuracy and agreement with the engine's predictions.")
        {
            file, reference, model, dataset, data, testLimit, threads, json,
        };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var report = OnnxInference.Run(
                parse.GetValue(file)!,
                parse.GetValue(reference),
                parse.GetValue(model),
                DatasetInfo.Parse(parse.GetValue(dataset)!),
                parse.GetValue(data),
                parse.GetValue(testLimit),
                parse.GetValue(threads) is > 0 and var n ? n : Environment.ProcessorCount,
                cancellationToken);
            await console.Out.WriteLineAsync(parse.GetValue(json)
                ? JsonOutput.Serialize(new
                {
                    model = report.Model,
                    precision = report.Precision,
                    images = report.Images,
                    accuracy = Figures.Percent(report.Accuracy),
                    agreement = Figures.Percent(report.Agreement),
                    reference = report.Reference,
                    seconds = Math.Round(report.SecondsTaken, 2),
                })
                : $"{report.Model} ({report.Precision}) in ONNX Runtime: {report.Accuracy * 100:F2} % on {report.Images:N0} test images; "
                    + (report.Agreement is { } a ? $"agrees with the engine's {report.Reference} on {a * 100:F2} %" : "no engine model beside it to compare with (--reference)"));
            return ExitCodes.Success;
        });
        return command;
    }
}
