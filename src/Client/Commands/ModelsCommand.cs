using System.CommandLine;
using QuantGrid.Engine.Models;

namespace QuantGrid.Client.Commands;

/// <summary><c>quantgrid models [--json]</c>: the registry with parameter counts.</summary>
internal static class ModelsCommand
{
    public static Command Create(CliConsole console)
    {
        var json = CommonOptions.Json();
        var command = new Command("models", "List the models with their parameter counts.") { json };
        command.SetAction(async (parse, cancellationToken) =>
        {
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

    private sealed record ModelRow(string Name, long Parameters, string Description);
}
