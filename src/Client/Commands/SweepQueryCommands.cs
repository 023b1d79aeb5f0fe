using System.CommandLine;
using QuantGrid.Client.Sweeps;
using QuantGrid.Contracts;
using QuantGrid.Grains.Storage;

namespace QuantGrid.Client.Commands;

/// <summary>
/// <c>quantgrid status [SWEEP] [--watch]</c> and <c>quantgrid results [SWEEP]</c>: a sweep in a cluster, in the
/// embedded silo of the process that runs it here, or in the embedded state it left.
/// </summary>
internal static class SweepQueryCommands
{
    public static Command Status(CliConsole console)
    {
        var watch = new Option<bool>("--watch") { Description = "Follow the sweep live (as `sweep` shows it) until it completes." };
        return Create(console, "status", "Show a sweep's progress: done, running (silo, phase, progress) and waiting work, ETA (default: the last sweep started here).", [watch], watch, async (context, sweep, json) =>
        {
            var status = await sweep.GetStatusAsync();
            if (context.Parse.GetValue(watch) && !status.IsComplete)
            {
                if (sweep.Live is not { } live)
                {
                    await console.Out.WriteLineAsync($"{Text(status)}; no process is running it (run the same sweep command to resume it)");
                    return ExitCodes.Success;
                }

                await SweepRunner.WatchAsync(live.Client, live.Grain, console, SweepDisplay.For(console, machineReadable: json), context.Cancellation);
                status = await sweep.GetStatusAsync();
            }

            var running = await sweep.GetRunningAsync();
            if (json)
            {
                await console.Out.WriteLineAsync(JsonOutput.Serialize(new
                {
                    status.SweepId,
                    status.Total,
                    status.Succeeded,
                    status.Failed,
                    status.Running,
                    waiting = status.Pending,
                    status.Pending,
                    status.Done,
                    status.IsComplete,
                    etaSeconds = status.EtaSeconds is { } eta ? Math.Round(eta) : (double?)null,
                    runningWork = running.Select(u => new { id = u.ExperimentId, silo = u.Silo, phase = u.Phase, u.Epoch, u.Epochs, u.Batch, u.Batches, imagesPerSecond = u.ImagesPerSecond, etaSeconds = Eta.Of(u, DateTimeOffset.UtcNow) }),
                }));
            }
            else
            {
                await console.Out.WriteLineAsync(Text(status) + (status.IsComplete ? ", complete"
                    : sweep.Live is null ? "; no process is running it (run the same sweep command to resume it)"
                    : $", ETA {Eta.Format(status.EtaSeconds)}"));
                foreach (var update in running)
                {
                    await console.Out.WriteLineAsync($"  {update.ExperimentId} on {update.Silo}: {Eta.Describe(update, DateTimeOffset.UtcNow)}");
                }
            }

            return status.Total == 0 ? ExitCodes.UsageError : ExitCodes.Success;
        });
    }

    public static Command Results(CliConsole console) => Create(console, "results", "Show a sweep's results so far (default: the last sweep started here).", [], null, async (_, sweep, json) =>
    {
        var results = await sweep.GetResultsAsync();
        await console.Out.WriteLineAsync(json
            ? JsonOutput.Serialize(results.Select(ResultRow.From))
            : SweepReport.Table(SweepSummary.Compute(results)));
        return results.Any(r => r.Status == ExperimentStatus.Failed) ? ExitCodes.Failed : ExitCodes.Success;
    });

    private static string Text(SweepStatus status) =>
        $"{status.SweepId}: {status.Done}/{status.Total} done ({status.Succeeded} succeeded, {status.Failed} failed), {status.Running} running, {status.Pending} waiting";

    private static Command Create(CliConsole console, string name, string description, Option[] extra, Option<bool>? waitForStart, Func<QueryContext, SweepQuery, bool, Task<int>> show)
    {
        var sweepId = new Argument<string?>("sweep") { Description = "Sweep id (sweep-…).", Arity = ArgumentArity.ZeroOrOne };
        var cluster = new Option<string?>("--cluster") { Description = "Redis connection of the cluster; without it the sweep running here (or its state) is read." };
        var clusterId = new Option<string>("--cluster-id") { DefaultValueFactory = _ => "quantgrid" };
        var serviceId = new Option<string>("--service-id") { DefaultValueFactory = _ => "quantgrid" };
        var artifacts = CommonOptions.Artifacts("Embedded state directory's parent.");
        var json = CommonOptions.Json();
        var command = new Command(name, description) { sweepId, cluster, clusterId, serviceId, artifacts, json };
        foreach (var option in extra)
        {
            command.Options.Add(option);
        }

        command.SetAction(async (parse, cancellationToken) =>
        {
            var id = parse.GetValue(sweepId) ?? LastSweep.Read(parse.GetValue(artifacts)!)
                ?? throw new ArgumentException("no sweep id given and no sweep was started here");
            if (!id.StartsWith("sweep-", StringComparison.Ordinal))
            {
                throw new ArgumentException($"'{id}' is not a sweep id (sweep-…)");
            }

            if (parse.GetValue(cluster) is { } redis)
            {
                await using var connection = await SweepConnection.ConnectAsync(redis, parse.GetValue(clusterId)!, parse.GetValue(serviceId)!, console.Error, cancellationToken);
                var query = await FindLiveAsync(connection.Client, id, waitForStart is not null && parse.GetValue(waitForStart), console.Error, cancellationToken)
                    ?? throw new ArgumentException($"sweep {id} is unknown to the cluster");
                return await show(new QueryContext(parse, cancellationToken), query, parse.GetValue(json));
            }

            var directory = parse.GetValue(artifacts)!;
            await using var attached = await SweepConnection.AttachEmbeddedAsync(directory, console.Error, cancellationToken);
            var found = attached is not null
                ? await FindLiveAsync(attached.Client, id, waitForStart is not null && parse.GetValue(waitForStart), console.Error, cancellationToken)
                : await StoredSweep.ReadAsync(Path.Combine(Path.GetFullPath(directory), "state"), id) is { } stored ? new SweepQuery(stored) : null;
            return found is null
                ? throw new ArgumentException($"sweep {id} is unknown in the embedded state under {directory}")
                : await show(new QueryContext(parse, cancellationToken), found, parse.GetValue(json));
        });
        return command;
    }

    /// <summary>
    /// The sweep as the cluster or the embedded silo knows it; with <paramref name="wait"/> (<c>status --watch</c>), a sweep
    /// that is still starting (its process is timing its models) is waited for rather than reported unknown.
    /// </summary>
    private static async Task<SweepQuery?> FindLiveAsync(IClusterClient client, string id, bool wait, TextWriter log, CancellationToken cancellationToken)
    {
        var announced = false;
        while (true)
        {
            var found = await SweepQuery.LiveAsync(client, id);
            if (found is not null || !wait)
            {
                return found;
            }

            if (!announced)
            {
                await log.WriteLineAsync($"waiting for sweep {id} to start…");
                announced = true;
            }

            await Task.Delay(TimeSpan.FromMilliseconds(500), cancellationToken);
        }
    }

    /// <summary>What a query runs with.</summary>
    private sealed record QueryContext(ParseResult Parse, CancellationToken Cancellation);
}
