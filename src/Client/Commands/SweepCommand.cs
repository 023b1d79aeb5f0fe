using System.CommandLine;
using QuantGrid.Client.Sweeps;
using QuantGrid.Contracts;
using QuantGrid.Engine.Data;
using QuantGrid.Engine.Quantization;

namespace QuantGrid.Client.Commands;

/// <summary>
/// <c>quantgrid sweep</c>: runs the grid of (model, method, bits, seed) experiments on an embedded silo
/// (default) or on a cluster (<c>--cluster</c>), live, and writes results.json, results.csv and summary.md.
/// </summary>
internal static class SweepCommand
{
    public static Command Create(CliConsole console)
    {
        var models = new Option<string>("--models") { Description = "all or a list of cnn, mobilenet, vgg16.", DefaultValueFactory = _ => "all" };
        var methods = new Option<string>("--methods") { Description = "List of float, ptq, qat.", DefaultValueFactory = _ => "float,ptq,qat" };
        var bits = new Option<string>("--bits") { Description = "Bit widths (2..8) for ptq and qat.", DefaultValueFactory = _ => "2,4,8" };
        var seeds = new Option<string>("--seeds") { Description = "Seeds; results are mean ± std over them.", DefaultValueFactory = _ => "0" };
        var dataset = CommonOptions.Dataset();
        var data = CommonOptions.Data();
        var epochs = CommonOptions.Epochs(5);
        var qatEpochs = new Option<int>("--qat-epochs") { Description = "QAT fine-tuning epochs.", DefaultValueFactory = _ => 2 };
        var trainLimit = CommonOptions.TrainLimit();
        var testLimit = CommonOptions.TestLimit();
        var batchSize = CommonOptions.BatchSize();
        var actBits = QuantOptions.OptionalBits("--act-bits", "Activation bits (default: the weight bits).");
        var calibration = new Option<CalibrationMethod>("--calibration") { Description = "auto (min-max at ≥ 4 bits; below, percentile, or MSE-optimal clipping for the CNN's PTQ: each chosen on validation data), minmax, movingaverage, percentile or mse.", DefaultValueFactory = _ => CalibrationMethod.Auto };
        var rounding = CommonOptions.Rounding();
        var recipe = CommonOptions.Recipe();
        var distill = CommonOptions.Distill();
        var validation = CommonOptions.Validation(0, "Hold out N training images as a fixed, stratified validation split; every result is then also measured on it (results.csv: validationAccuracy), so choices can be made there, not on the test set.");
        var edges = new Option<EdgeLayerPolicy>("--edge-layers") { Description = "eightbit (first and last layers at 8 bits below 8 bits), eightbitdepthwise (and every depthwise layer: MobileNet), or uniform.", DefaultValueFactory = _ => EdgeLayerPolicy.EightBitDepthwise };
        var export = new Option<string>("--export") { Description = "none, or onnx: export every experiment's model to ONNX and measure its accuracy and int8/fp32 latency in ONNX Runtime.", DefaultValueFactory = _ => "none" };
        export.AcceptOnlyFromAmong("none", "onnx");
        var output = new Option<string?>("--out") { Description = "Result directory (default runs/<sweep id>)." };
        var artifacts = CommonOptions.Artifacts("Embedded silo: artifact store and durable state.");
        var slots = new Option<int>("--slots") { Description = "Embedded silo: experiments run at once.", DefaultValueFactory = _ => 1 };
        var threads = CommonOptions.Threads();
        var device = CommonOptions.Device();
        var cluster = new Option<string?>("--cluster") { Description = "Redis connection (host:port) of a QuantGrid cluster; without it an embedded silo runs here." };
        var clusterId = new Option<string>("--cluster-id") { Description = "Orleans cluster id.", DefaultValueFactory = _ => "quantgrid" };
        var serviceId = new Option<string>("--service-id") { Description = "Orleans service id.", DefaultValueFactory = _ => "quantgrid" };
        var metricsPort = new Option<int?>("--metrics-port") { Description = "Embedded silo: serve Prometheus metrics on http://127.0.0.1:PORT/metrics while the sweep runs." };
        var priority = new Option<int>("--priority") { Description = "Sweeps of higher priority get free worker slots first; equal ones share them round-robin.", DefaultValueFactory = _ => 0 };
        var quiet = new Option<bool>("--quiet") { Description = "Keep stdout for the summary table: progress lines go to stderr." };
        var json = CommonOptions.Json();
        var dryRun = new Option<bool>("--dry-run") { Description = "Print the grid, the float trainings it needs and a cost estimate; run nothing." };
        var measure = new Option<bool>("--measure") { Description = "With --dry-run: also time a few training steps of each model here (seconds) and estimate the sweep at this machine's speeds." };
        var command = new Command("sweep", "Run the grid of quantization experiments and aggregate mean ± std over seeds.")
        {
            models, methods, bits, seeds, dataset, data, epochs, qatEpochs, trainLimit, testLimit, batchSize, actBits, calibration, rounding, recipe, distill, validation, edges,
            export, output, artifacts, slots, threads, device, cluster, clusterId, serviceId, metricsPort, priority, quiet, json, dryRun, measure,
        };
        slots.Validators.Add(result =>
        {
            if (result.Tokens.Count > 0 && int.TryParse(result.Tokens[0].Value, out var n) && n is < 1 or > 64)
            {
                result.AddError("--slots must be between 1 and 64");
            }
        });

        command.SetAction(async (parse, cancellationToken) =>
        {
            var datasetInfo = DatasetInfo.Parse(parse.GetValue(dataset)!);
            var settings = new ExperimentSettings(
                datasetInfo.Name,
                parse.GetValue(epochs),
                parse.GetValue(qatEpochs) is var q and >= 1 and <= 1000 ? q : throw new ArgumentException("--qat-epochs must be between 1 and 1000"),
                parse.GetValue(trainLimit),
                parse.GetValue(testLimit),
                parse.GetValue(batchSize),
                parse.GetValue(calibration).ToString().ToLowerInvariant(),
                parse.GetValue(edges).ToString().ToLowerInvariant(),
                parse.GetValue(actBits),
                RoundingOption.Name(RoundingOption.Parse(parse.GetValue(rounding)!)),
                parse.GetValue(export)!,
                Validation: parse.GetValue(validation),
                Recipe: parse.GetValue(recipe)!,
                Distill: parse.GetValue(distill));
            var spec = new SweepSpec(
                SweepGrid.Models(parse.GetValue(models)!),
                SweepGrid.Methods(parse.GetValue(methods)!),
                SweepGrid.Bits(parse.GetValue(bits)!),
                SweepGrid.Seeds(parse.GetValue(seeds)!),
                settings);
            var experiments = spec.Expand();

            if (parse.GetValue(dryRun))
            {
                var measured = parse.GetValue(measure) ? MeasuredSpeeds.Of(spec, datasetInfo, parse.GetValue(cluster), parse.GetValue(threads), parse.GetValue(device)!) : null;
                await PrintDryRunAsync(console, spec, experiments, measured, parse.GetValue(json));
                return ExitCodes.Success;
            }

            // Timed before the embedded silo starts: once it runs, it resumes unfinished work at once, which would share the cores with the probe.
            MeasuredSpeeds? probed = null;
            await using var connection = await SweepConnection.OpenAsync(
                parse.GetValue(cluster),
                parse.GetValue(clusterId)!,
                parse.GetValue(serviceId)!,
                new EmbeddedSettings(parse.GetValue(slots), parse.GetValue(threads), parse.GetValue(device)!, parse.GetValue(data) is { } d ? Path.GetFullPath(d) : null, parse.GetValue(artifacts)!, parse.GetValue(metricsPort)),
                datasetInfo,
                console.Error,
                cancellationToken,
                async () => probed = await ProbeAsync(console, spec, datasetInfo, parse.GetValue(threads), parse.GetValue(device)!));

            LastSweep.Write(parse.GetValue(artifacts)!, spec.Id);
            var display = SweepDisplay.For(console, machineReadable: parse.GetValue(json) || parse.GetValue(quiet));

            var results = await SweepRunner.RunAsync(connection.Client, spec, parse.GetValue(priority), console, display, cancellationToken, probed);
            var directory = parse.GetValue(output) ?? Path.Combine("runs", spec.Id);
            SweepReport.Write(directory, spec, results, CommandText.Of(parse));
            var failed = results.Where(r => r.Status == ExperimentStatus.Failed).ToList();
            if (parse.GetValue(json))
            {
                await console.Out.WriteLineAsync(JsonOutput.Serialize(new { sweepId = spec.Id, output = directory, total = results.Length, failed = failed.Count, results = results.Select(ResultRow.From) }));
            }
            else
            {
                await console.Out.WriteLineAsync(SweepReport.Table(SweepSummary.Compute(results)));
                await console.Out.WriteLineAsync($"\n{results.Length} experiments, {failed.Count} failed; results in {directory}/ (results.json, results.csv, summary.md)");
                foreach (var f in failed)
                {
                    await console.Out.WriteLineAsync($"FAILED {f.ExperimentId}: {f.Error}");
                }
            }

            return failed.Count == 0 ? ExitCodes.Success : ExitCodes.Failed;
        });
        return command;
    }

    /// <summary>Times each model here for the ETA; a failure costs only the ETA's head start, never the sweep.</summary>
    private static async Task<MeasuredSpeeds?> ProbeAsync(CliConsole console, SweepSpec spec, DatasetInfo dataset, int threads, string device)
    {
        try
        {
            var probed = MeasuredSpeeds.Of(spec, dataset, null, threads, device);
            await console.Error.WriteLineAsync($"timed here for the ETA ({probed.Threads} torch thread(s)): {probed.Describe()} training images/s");
            return probed;
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            await console.Error.WriteLineAsync($"could not time the models here for the ETA ({ex.GetType().Name}: {ex.Message}); it learns their speeds as they train");
            return null;
        }
    }

    private static async Task PrintDryRunAsync(CliConsole console, SweepSpec spec, IReadOnlyList<ExperimentSpec> experiments, MeasuredSpeeds? measured, bool json)
    {
        var estimate = CostModel.Estimate(spec);
        var here = measured is null ? (TimeSpan?)null : CostModel.Estimate(spec, measured.ImagesPerSecond);
        if (json)
        {
            await console.Out.WriteLineAsync(JsonOutput.Serialize(new
            {
                sweepId = spec.Id,
                experiments = experiments.Select(e => e.Id),
                floatTrainings = spec.FloatTrainings,
                naiveFloatTrainings = experiments.Count(e => e.Method != ExperimentMethod.Float) + experiments.Count(e => e.Method == ExperimentMethod.Float),
                estimatedCpuSeconds = Math.Round(estimate.TotalSeconds),
                measuredImagesPerSecond = measured?.ImagesPerSecond.ToDictionary(s => s.Key, s => Math.Round(s.Value, 1)),
                measuredThreads = measured?.Threads,
                estimatedSecondsHere = here is { } h ? Math.Round(h.TotalSeconds) : (double?)null,
            }));
            return;
        }

        foreach (var experiment in experiments)
        {
            await console.Out.WriteLineAsync(experiment.Id);
        }

        await console.Out.WriteLineAsync(
            $"\nsweep {spec.Id}: {experiments.Count} experiments, {spec.FloatTrainings} float trainings (one per model and seed, shared by all its experiments); estimated {Hours(estimate)} of work on one 2-core CPU worker at the reference speeds");
        await console.Out.WriteLineAsync(here is { } atHere && measured is not null
            ? $"at this machine's measured training speeds ({measured.Threads} torch thread(s): {measured.Describe()} images/s): {Hours(atHere)} on one worker slot"
            : "add --measure to time a few training steps of each model here and estimate at this machine's speeds");
    }

    private static string Hours(TimeSpan t) => $"{(int)t.TotalHours}h{t.Minutes:D2}m";
}
