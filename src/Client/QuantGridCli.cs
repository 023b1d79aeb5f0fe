using System.CommandLine;
using QuantGrid.Client.Commands;
using QuantGrid.Client.Sweeps;
using QuantGrid.Engine.Data;
using QuantGrid.Engine.Export;
using QuantGrid.Engine.Inference;
using QuantGrid.Engine.Runtime;
using QuantGrid.Engine.Storage;
using QuantGrid.Engine.Training;
using QuantGrid.Grains.Storage;

namespace QuantGrid.Client;

/// <summary>The <c>quantgrid</c> command line: parses, dispatches, and maps failures to one line and an exit code.</summary>
public static class QuantGridCli
{
    public static async Task<int> RunAsync(string[] args, CliConsole console, CancellationToken cancellationToken = default)
    {
        var root = new RootCommand("QuantGrid: how much accuracy CNNs lose when quantized to 8, 4 or 2 bits, and how small and fast they get.")
        {
            ModelsCommand.Create(console),
            TrainCommand.Create(console),
            QuantizeCommand.Create(console),
            QuantizeCommand.Export(console),
            InferCommand.Create(console),
            SweepCommand.Create(console),
            SearchCommand.Create(console),
            SweepQueryCommands.Status(console),
            SweepQueryCommands.Results(console),
            BenchCommand.Create(console),
        };

        var parse = root.Parse(args);
        if (parse.Errors.Count > 0)
        {
            var message = string.Join(' ', parse.Errors[0].Message.Split('\n', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries));
            await console.Error.WriteLineAsync($"quantgrid: {message} (see quantgrid --help)");
            return ExitCodes.UsageError;
        }

        try
        {
            return await parse.InvokeAsync(new InvocationConfiguration { Output = console.Out, Error = console.Error, EnableDefaultExceptionHandler = false, ProcessTerminationTimeout = null }, cancellationToken);
        }
        catch (Exception ex) when (ex is ArgumentException or DataFormatException or CheckpointException or PackedModelException or OnnxModelException)
        {
            await console.Error.WriteLineAsync($"quantgrid: {WithoutParameterName(ex)}");
            return ExitCodes.UsageError;
        }
        catch (TrainingDivergedException ex)
        {
            await console.Error.WriteLineAsync($"quantgrid: training diverged: {ex.Message}");
            return ExitCodes.Failed;
        }
        catch (StateDirectoryInUseException ex)
        {
            await console.Error.WriteLineAsync($"quantgrid: {ex.Message}");
            return ExitCodes.UsageError;
        }
        catch (ClusterUnreachableException ex)
        {
            await console.Error.WriteLineAsync($"quantgrid: {ex.Message}");
            return ExitCodes.UsageError;
        }
        catch (TorchRuntimeException ex)
        {
            await console.Error.WriteLineAsync($"quantgrid: {ex.Message}");
            return ExitCodes.Failed;
        }
        catch (OperationCanceledException)
        {
            await console.Error.WriteLineAsync("quantgrid: cancelled");
            return ExitCodes.Cancelled;
        }
    }

    /// <summary>The message without the " (Parameter 'name')" that <see cref="ArgumentException"/> appends for developers.</summary>
    private static string WithoutParameterName(Exception exception) =>
        exception is ArgumentException { ParamName: { } name } && exception.Message.EndsWith($" (Parameter '{name}')", StringComparison.Ordinal)
            ? exception.Message[..^$" (Parameter '{name}')".Length]
            : exception.Message;
}
