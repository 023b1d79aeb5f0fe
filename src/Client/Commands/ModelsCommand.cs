using System.CommandLine;
using QuantGrid.Engine.Models;
using QuantGrid.Engine.Search;

namespace QuantGrid.Client.Commands;

/// <summary>
/// <c>quantgrid models [--json]</c>: the registry with parameter counts; <c>--layers MODEL</c>: that model's weighted
/// layers in the order a <c>--bit-map</c> lists their widths.
/// </summary>
internal static class ModelsCommand
{
    public static Command Create(CliConsole console)
    {
        var json = CommonOptions.Json();
        var layers = new Option<string?>("--layers") { Description = "List this model's weighted layers, in the order --bit-map gives their widths." };
        layers.AcceptOnlyFromAmong([.. ModelRegistry.All.Select(m => m.Name)]);
        var command = new Command("models", "List the models with their parameter counts (or one model's layers).") { json, layers };
        command.SetAction(async (parse, cancellationToken) =>
        {
            if (parse.GetValue(layers) is { } name)
            {
                await PrintLayersAsync(console, LayerProfiles.Of(name), parse.GetValue(json));
                return ExitCodes.Success;
            }

            var rows = ModelRegistry.All.Select(info =>
            {
                using var model = ModelRegistry.Create(info.Name, seed: 0);
                return new ModelRow(info.Name, ModelRegistry.CountParameters(model), info.Description);
            }).ToList();

            if (parse.GetValue(json))
            {
                await console.Out.WriteLineAsync(JsonOutput.Serialize(rows));
                return ExitCodes.Success;
            }

            foreach (var row in rows)
            {
                await console.Out.WriteLineAsync($"{row.Name,-10} {row.Parameters,12:N0}  {row.Description}");
            }

            return ExitCodes.Success;
        });
        return command;
    }

    private static async Task PrintLayersAsync(CliConsole console, ModelLayout layout, bool json)
    {
        var rows = layout.Layers.Select(l => new LayerRow(l.Index, l.Name, l.Weights)).ToList();
        if (json)
        {
            await console.Out.WriteLineAsync(JsonOutput.Serialize(rows));
            return;
        }

        await console.Out.WriteLineAsync($"{layout.Model}: {rows.Count} weighted layers; a --bit-map gives one width per layer, in this order");
        foreach (var row in rows)
        {
            await console.Out.WriteLineAsync($"{row.Index,3}  {row.Name,-28} {row.Weights,12:N0} weights");
        }
    }

    private sealed record ModelRow(string Name, long Parameters, string Description);

    private sealed record LayerRow(int Index, string Name, long Weights);
}
