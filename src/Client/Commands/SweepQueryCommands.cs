using System.CommandLine;
using QuantGrid.Client.Sweeps;
using QuantGrid.Contracts;

namespace QuantGrid.Client.Commands;

/// <summary><c>quantgrid status [SWEEP]</c> and <c>quantgrid results [SWEEP]</c>: query a sweep in a cluster or in the embedded state.</summary>
internal static class SweepQueryCommands
{
    public static Command Status(CliConsole console) => Create(console, "status", "Show a sweep's progress (default: the last sweep started here).", async (sweep, json) =>
    {
        var status = await sweep.GetStatusAsync();
        await console.Out.WriteLineAsync(json
            ? JsonOutput.Serialize(status)
            : $"{status.SweepId}: {status.Done}/{status.Total} done ({status.Succeeded} succeeded, {status.Failed} failed), {status.Running} running, {status.Pending} pending{(status.IsComplete ? ", complete" : "")}");
        return status.Total == 0 ? ExitCodes.UsageError : ExitCodes.Success;
    });

    public static Command Results(CliConsole console) => Create(console, "results", "Show a sweep's results so far (default: the last sweep started here).", async (sweep, json) =>
    {
        var results = await sweep.GetResultsAsync();
        await console.Out.WriteLineAsync(json
            ? JsonOutput.Serialize(results.Select(ResultRow.From))
            : SweepReport.Table(SweepSummary.Compute(results)));
        return results.Any(r => r.Status == ExperimentStatus.Failed) ? ExitCodes.Failed : ExitCodes.Success;
    });

    private static Command Create(CliConsole console, string name, string description, Func<ISweepGrain, bool, Task<int>> show)
    {
        var sweepId = new Argument<string?>("sweep") { Description = "Sweep id (sweep-…).", Arity = ArgumentArity.ZeroOrOne };
        var cluster = new Option<string?>("--cluster") { Description = "Redis connection of the cluster; without it the embedded state is read." };
        var clusterId = new Option<string>("--cluster-id") { DefaultValueFactory = _ => "quantgrid" };
        var serviceId = new Option<string>("--service-id") { DefaultValueFactory = _ => "quantgrid" };
        var artifacts = CommonOptions.Artifacts("Embedded state directory's parent.");
        var json = CommonOptions.Json();
        var command = new Command(name, description) { sweepId, cluster, clusterId, serviceId, artifacts, json };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var id = parse.GetValue(sweepId) ?? LastSweep.Read(parse.GetValue(artifacts)!)
                ?? throw new ArgumentException("no sweep id given and no sweep was started here");
            if (!id.StartsWith("sweep-", StringComparison.Ordinal))
            {
                throw new ArgumentException($"'{id}' is not a sweep id (sweep-…)");
            }

            await using var connection = parse.GetValue(cluster) is { } redis
                ? await SweepConnection.ConnectAsync(redis, parse.GetValue(clusterId)!, parse.GetValue(serviceId)!, console.Error, cancellationToken)
                : await SweepConnection.StartEmbeddedAsync(new EmbeddedSettings(1, 1, "cpu", null, parse.GetValue(artifacts)!, ReadOnly: true), console.Error, cancellationToken);
            var sweep = connection.Client.GetGrain<ISweepGrain>(id);
            if (await sweep.GetSpecAsync() is null)
            {
                throw new ArgumentException($"sweep {id} is unknown {(parse.GetValue(cluster) is null ? "in the embedded state under " + parse.GetValue(artifacts) : "to the cluster")}");
            }

            return await show(sweep, parse.GetValue(json));
        });
        return command;
    }
}
