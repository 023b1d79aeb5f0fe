using System.CommandLine;
using System.Globalization;
using QuantGrid.Client.Search;
using QuantGrid.Client.Sweeps;
using QuantGrid.Contracts;
using QuantGrid.Engine.Data;
using QuantGrid.Engine.Search;

namespace QuantGrid.Client.Commands;

/// <summary>
/// <c>quantgrid search --model mobilenet --target-drop 1.0</c>: per-layer sensitivities as distributed experiments,
/// a greedy size–accuracy frontier, and its points verified by real experiments; answers the smallest model within a
/// drop (or the most accurate under a size budget), judged on a validation split.
/// </summary>
internal static class SearchCommand
{
    public static Command Create(CliConsole console)
    {
        var model = CommonOptions.Model();
        var targetDrop = new Option<double?>("--target-drop") { Description = "Smallest model whose validation accuracy is within this many points of float (default 1.0)." };
        var budgetRatio = new Option<double?>("--budget-ratio") { Description = "Instead: the most accurate model of at most this fraction of the float model's size (0..1]." };
        var budgetBytes = new Option<long?>("--budget-bytes") { Description = "Instead: the most accurate model of at most this many bytes (packed file)." };
        var seeds = new Option<string>("--seeds") { Description = "Seeds; sensitivities and measurements are means over them.", DefaultValueFactory = _ => "0" };
        var methods = new Option<string>("--methods") { Description = "Methods that verify frontier points: ptq, qat or both.", DefaultValueFactory = _ => "ptq" };
        var widths = new Option<string>("--widths") { Description = "Candidate weight widths per layer (activations stay 8-bit).", DefaultValueFactory = _ => "2,3,4,6,8" };
        var verify = new Option<int>("--verify") { Description = "Frontier points verified per round (up to 4 rounds).", DefaultValueFactory = _ => 5 };
        var validation = new Option<int>("--validation") { Description = "Training images held out as the validation split on which every choice is made.", DefaultValueFactory = _ => 5000 };
        var dataset = CommonOptions.Dataset();
        var data = CommonOptions.Data();
        var epochs = CommonOptions.Epochs(5);
        var qatEpochs = new Option<int>("--qat-epochs") { Description = "QAT fine-tuning epochs.", DefaultValueFactory = _ => 2 };
        var trainLimit = CommonOptions.TrainLimit();
        var testLimit = CommonOptions.TestLimit();
        var batchSize = CommonOptions.BatchSize();
        var rounding = CommonOptions.Rounding();
        var recipe = CommonOptions.Recipe();
        var distill = CommonOptions.Distill();
        var output = new Option<string?>("--out") { Description = "Result directory (default runs/<search id>)." };
        var artifacts = CommonOptions.Artifacts("Embedded silo: artifact store and durable state.");
        var slots = new Option<int>("--slots") { Description = "Embedded silo: experiments run at once.", DefaultValueFactory = _ => 1 };
        var threads = CommonOptions.Threads();
        var device = CommonOptions.Device();
        var cluster = new Option<string?>("--cluster") { Description = "Redis connection (host:port) of a QuantGrid cluster; without it an embedded silo runs here." };
        var clusterId = new Option<string>("--cluster-id") { Description = "Orleans cluster id.", DefaultValueFactory = _ => "quantgrid" };
        var serviceId = new Option<string>("--service-id") { Description = "Orleans service id.", DefaultValueFactory = _ => "quantgrid" };
        var priority = new Option<int>("--priority") { Description = "Sweeps of higher priority get free worker slots first.", DefaultValueFactory = _ => 0 };
        var quiet = new Option<bool>("--quiet") { Description = "Keep stdout for the answer: progress lines go to stderr." };
        var json = CommonOptions.Json();
        var dryRun = new Option<bool>("--dry-run") { Description = "Print the layers, the sensitivity probes and a cost estimate; run nothing." };
        var command = new Command("search", "Find the smallest mixed-precision model within a drop of float (or the most accurate under a size budget).")
        {
            model, targetDrop, budgetRatio, budgetBytes, seeds, methods, widths, verify, validation, dataset, data, epochs, qatEpochs, trainLimit, testLimit,
            batchSize, rounding, recipe, distill, output, artifacts, slots, threads, device, cluster, clusterId, serviceId, priority, quiet, json, dryRun,
        };

        command.SetAction(async (parse, cancellationToken) =>
        {
            var goal = Goal(parse.GetValue(targetDrop), parse.GetValue(budgetRatio), parse.GetValue(budgetBytes));
            var datasetInfo = DatasetInfo.Parse(parse.GetValue(dataset)!);
            var settings = new ExperimentSettings(
                datasetInfo.Name,
                parse.GetValue(epochs),
                parse.GetValue(qatEpochs) is var q and >= 1 and <= 1000 ? q : throw new ArgumentException("--qat-epochs must be between 1 and 1000"),
                parse.GetValue(trainLimit),
                parse.GetValue(testLimit),
                parse.GetValue(batchSize),
                Rounding: Engine.Quantization.RoundingOption.Name(Engine.Quantization.RoundingOption.Parse(parse.GetValue(rounding)!)),
                Validation: parse.GetValue(validation) is var v and >= 100 and <= 30_000 ? v : throw new ArgumentException("--validation must be between 100 and 30000 images"),
                Recipe: parse.GetValue(recipe)!,
                Distill: parse.GetValue(distill));
            var candidateWidths = SweepGrid.Bits(parse.GetValue(widths)!).Distinct().Order().ToArray();
            if (candidateWidths.Length < 2)
            {
                throw new ArgumentException("--widths needs at least two widths");
            }

            var spec = new SearchSpec(
                parse.GetValue(model)!,
                SweepGrid.Seeds(parse.GetValue(seeds)!),
                SweepGrid.Methods(parse.GetValue(methods)!) is var m && m.All(x => x != ExperimentMethod.Float) ? m : throw new ArgumentException("--methods: ptq and/or qat (float is the reference, always measured)"),
                [.. candidateWidths],
                goal,
                parse.GetValue(verify) is var n and >= 1 and <= 50 ? n : throw new ArgumentException("--verify must be between 1 and 50"),
                settings);
            var layout = LayerProfiles.Of(spec.Model, datasetInfo.ClassCount);
            if (parse.GetValue(dryRun))
            {
                await PrintDryRunAsync(console, spec, layout, parse.GetValue(json));
                return ExitCodes.Success;
            }

            await using var connection = await SweepConnection.OpenAsync(
                parse.GetValue(cluster),
                parse.GetValue(clusterId)!,
                parse.GetValue(serviceId)!,
                new EmbeddedSettings(parse.GetValue(slots), parse.GetValue(threads), parse.GetValue(device)!, parse.GetValue(data) is { } d ? Path.GetFullPath(d) : null, parse.GetValue(artifacts)!, null),
                datasetInfo,
                console.Error,
                cancellationToken);

            var display = SweepDisplay.For(console, machineReadable: parse.GetValue(json) || parse.GetValue(quiet));
            var result = await SearchRunner.RunAsync(connection.Client, spec, layout, parse.GetValue(priority), console, display, id => LastSweep.Write(parse.GetValue(artifacts)!, id), cancellationToken);
            var directory = parse.GetValue(output) ?? Path.Combine("runs", spec.Id);
            SearchReport.Write(directory, result, CommandText.Of(parse));
            if (parse.GetValue(json))
            {
                await console.Out.WriteLineAsync(JsonOutput.Serialize(SearchReport.Document(result, directory)));
            }
            else
            {
                await console.Out.WriteLineAsync(Answer(result, directory));
            }

            return result.Choice is null ? ExitCodes.Failed : ExitCodes.Success;
        });
        return command;
    }

    private static SearchGoal Goal(double? target, double? ratio, long? bytes)
    {
        if ((target is not null ? 1 : 0) + (ratio is not null ? 1 : 0) + (bytes is not null ? 1 : 0) > 1)
        {
            throw new ArgumentException("give one of --target-drop, --budget-ratio and --budget-bytes");
        }

        return (target, ratio, bytes) switch
        {
            ({ } t, _, _) when t is <= 0 or > 100 => throw new ArgumentException($"--target-drop must be in (0, 100] points, got {t}"),
            (_, { } r, _) when r is <= 0 or > 1 => throw new ArgumentException($"--budget-ratio must be in (0, 1], got {r}"),
            (_, _, { } b) when b <= 0 => throw new ArgumentException($"--budget-bytes must be positive, got {b}"),
            (null, null, null) => new SearchGoal(1.0, null, null),
            _ => new SearchGoal(target, bytes, ratio),
        };
    }

    private static string Answer(SearchResult result, string directory)
    {
        if (result.Choice is not { } c)
        {
            return $"search {result.Spec.Id}: no verified point succeeded; see {directory}/summary.md";
        }

        var verdict = result.GoalMet ? "goal met" : "goal NOT met; the closest verified point";
        return string.Create(CultureInfo.InvariantCulture, $"""
            search {result.Spec.Id}: {result.Spec.Goal} ({verdict})
            bit map     {c.BitMap} ({c.Method.ToString().ToUpperInvariant()})
            accuracy    {c.Accuracy * 100:F2} % on test (float {c.FloatAccuracy * 100:F2} %, drop {c.Drop * 100:F2} points; validation drop {c.ValidationDrop * 100:F2})
            size        {c.ModelBytes:N0} bytes, {Figures.SizeRatio(c.ModelBytes, result.FloatModelBytes) * 100:F2} % of the float model's {result.FloatModelBytes:N0}
            results     {directory}/ (summary.md, frontier.json, frontier.csv, sensitivity.csv, frontier.png)
            """);
    }

    private static async Task PrintDryRunAsync(CliConsole console, SearchSpec spec, ModelLayout layout, bool json)
    {
        var sensitivity = spec.Sensitivity(layout);
        var estimate = CostModel.Estimate(sensitivity);
        if (json)
        {
            await console.Out.WriteLineAsync(JsonOutput.Serialize(new
            {
                searchId = spec.Id,
                model = layout.Model,
                goal = spec.Goal.ToString(),
                layers = layout.Layers.Select(l => new { index = l.Index, name = l.Name, weights = l.Weights }),
                sensitivitySweep = sensitivity.Id,
                probes = sensitivity.Expand().Count,
                estimatedSensitivityCpuSeconds = Math.Round(estimate.TotalSeconds),
            }));
            return;
        }

        await console.Out.WriteLineAsync($"search {spec.Id}: {spec.Goal} for {layout.Model}");
        foreach (var layer in layout.Layers)
        {
            await console.Out.WriteLineAsync($"  layer {layer.Index,2}  {layer.Name,-24} {layer.Weights,12:N0} weights");
        }

        await console.Out.WriteLineAsync($"{sensitivity.Expand().Count} sensitivity probes (sweep {sensitivity.Id}), estimated {(int)estimate.TotalHours}h{estimate.Minutes:D2}m on one 2-core CPU worker; then up to {SearchSpec.MaxRounds} rounds of {spec.Verify} verified points × {spec.Methods.Length} method(s) × {spec.Seeds.Length} seed(s), plus {SearchSpec.UniformWidths.Length} uniform widths");
    }
}
