using System.CommandLine;
using QuantGrid.Engine.Experiments;
using QuantGrid.Engine.Quantization;
using QuantGrid.Engine.Search;
using QuantGrid.Engine.Storage;

namespace QuantGrid.Client.Commands;

/// <summary>
/// <c>quantgrid quantize --model cnn --method ptq|qat --bits 4 …</c>: one experiment through the engine's entry point;
/// <c>quantgrid export … --format onnx [--out FILE]</c>: the same, and its model exported to ONNX and measured with ONNX Runtime.
/// </summary>
internal static class QuantizeCommand
{
    public static Command Create(CliConsole console) => Create(console, export: false);

    public static Command Export(CliConsole console) => Create(console, export: true);

    private static Command Create(CliConsole console, bool export)
    {
        var model = CommonOptions.Model();
        var method = new Option<QuantMethod>("--method") { Description = "ptq, qat or float.", DefaultValueFactory = _ => QuantMethod.Ptq };
        var bits = QuantOptions.Bits("--bits", "Weight bits (2..8); activations too unless --act-bits.", 8);
        var actBits = QuantOptions.OptionalBits("--act-bits", "Activation bits (2..8).");
        var calibration = new Option<CalibrationMethod>("--calibration") { Description = "auto (min-max at ≥ 4 bits; below, percentile, or MSE-optimal clipping for the CNN's PTQ: each chosen on validation data), minmax, movingaverage, percentile or mse.", DefaultValueFactory = _ => CalibrationMethod.Auto };
        var calibrationBatches = new Option<int>("--calibration-batches") { Description = "Training batches of 256 for calibration.", DefaultValueFactory = _ => 8 };
        var noBiasCorrection = new Option<bool>("--no-bias-correction") { Description = "PTQ: plain rounding, no bias correction." };
        var rounding = CommonOptions.Rounding();
        var bitMap = new Option<string?>("--bit-map") { Description = "Per-layer widths, one per weighted layer, for example w8-4-4-2-8/a8-8-8-8-8 (replaces --bits, --act-bits and --edge-layers; `quantgrid models --layers MODEL` lists the layers)." };
        var edge = new Option<EdgeLayerPolicy>("--edge-layers") { Description = "eightbit (first and last layers at 8 bits below 8 bits), eightbitdepthwise (and every depthwise layer: MobileNet), or uniform.", DefaultValueFactory = _ => EdgeLayerPolicy.EightBitDepthwise };
        var qatEpochs = new Option<int>("--qat-epochs") { Description = "QAT fine-tuning epochs.", DefaultValueFactory = _ => 2 };
        var qatLr = new Option<double?>("--qat-lr") { Description = "Peak QAT learning rate (default: a tenth of the model's)." };
        var distill = CommonOptions.Distill();
        var artifacts = CommonOptions.Artifacts("Artifact directory (checkpoints, packed models).");
        var output = new Option<string?>("--out") { Description = export ? "ONNX file (default: beside the packed model under --artifacts)." : "Packed model path (default: under --artifacts)." };
        var format = new Option<string>("--format") { Description = "Export format: onnx (int8 QDQ; fp32 for --method float).", DefaultValueFactory = _ => "onnx" };
        format.AcceptOnlyFromAmong("onnx");
        var json = CommonOptions.Json();
        var training = new TrainingOptionSet();
        var command = export
            ? new Command("export", "Quantize as `quantize` does, export the model to ONNX (QDQ, int8 kernels in ONNX Runtime), and measure it with ONNX Runtime.") { format }
            : new Command("quantize", "Train (or reuse) the float model, quantize it by PTQ or QAT, write the packed file and evaluate it.");
        foreach (var option in new Option[] { model, method, bits, actBits, bitMap, calibration, calibrationBatches, noBiasCorrection, rounding, edge, qatEpochs, qatLr, distill, artifacts, output, json })
        {
            command.Options.Add(option);
        }

        training.AddTo(command);

        command.SetAction(async (parse, cancellationToken) =>
        {
            var floatRequest = training.ReadRequest(parse, parse.GetValue(model)!);
            var quantization = new QuantizationOptions
            {
                WeightBits = parse.GetValue(bits),
                ActivationBits = parse.GetValue(actBits),
                Calibration = parse.GetValue(calibration) == CalibrationMethod.Auto && parse.GetValue(bitMap) is null
                    && Contracts.ExperimentSettings.MseCalibrates(parse.GetValue(model)!, parse.GetValue(method) == QuantMethod.Ptq ? Contracts.ExperimentMethod.Ptq : Contracts.ExperimentMethod.Qat, Math.Min(parse.GetValue(bits), parse.GetValue(actBits) ?? parse.GetValue(bits)))
                        ? CalibrationMethod.Mse
                        : parse.GetValue(calibration),
                CalibrationBatches = parse.GetValue(calibrationBatches),
                BiasCorrection = !parse.GetValue(noBiasCorrection),
                Rounding = RoundingOption.Parse(parse.GetValue(rounding)!),
                EdgeLayers = EdgeLayerPolicies.For(parse.GetValue(model)!, parse.GetValue(method), parse.GetValue(bits), parse.GetValue(actBits) ?? parse.GetValue(bits), parse.GetValue(edge)),
                BitMap = parse.GetValue(bitMap) is { } map ? BitMap.Parse(map) : null,
            };
            if (quantization.BitMap is { } parsed)
            {
                parsed.RequireCount(LayerProfiles.Of(floatRequest.Model).Layers.Count, floatRequest.Model);
                if (parsed.HasFloatLayers)
                {
                    throw new ArgumentException("--bit-map: a packed model has no float layers (f); give every layer a width");
                }
            }

            var root = parse.GetValue(artifacts)!;
            var checkpoint = ArtifactPaths.FloatCheckpoint(root, floatRequest);
            var request = new ExperimentRequest(
                floatRequest.Model,
                parse.GetValue(method),
                floatRequest.Dataset,
                floatRequest.Training,
                quantization,
                checkpoint,
                "",
                parse.GetValue(qatEpochs),
                parse.GetValue(qatLr),
                floatRequest.DataDirectory,
                floatRequest.TrainLimit,
                floatRequest.TestLimit,
                Distill: parse.GetValue(distill) && parse.GetValue(method) == QuantMethod.Qat);
            var packedPath = export ? ArtifactPaths.PackedModel(root, request) : parse.GetValue(output) ?? ArtifactPaths.PackedModel(root, request);
            request = request with
            {
                OutputPath = packedPath,
                OnnxPath = export ? parse.GetValue(output) ?? Path.ChangeExtension(request.Method == QuantMethod.Float ? request.FloatCheckpointPath : packedPath, ".onnx") : null,
            };

            var outcome = ExperimentProgressView.Run(console, !parse.GetValue(json), $"{request.Model} {request.Method} {quantization.BitMap?.ToString() ?? $"W{quantization.WeightBits}A{quantization.EffectiveActivationBits}"}", p => ExperimentRunner.Run(request, p, cancellationToken));
            var summary = QuantizeSummary.From(request, outcome);
            await console.Out.WriteLineAsync(parse.GetValue(json) ? JsonOutput.Serialize(summary) : summary.ToText());
            return outcome.Status == ExperimentStatus.Succeeded ? ExitCodes.Success : ExitCodes.Failed;
        });
        return command;
    }
}
