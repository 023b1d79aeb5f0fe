using System.Collections.Immutable;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Storage;
using Orleans.Utilities;
using QuantGrid.Contracts;
using QuantGrid.Grains.State;
using QuantGrid.Grains.Storage;
using QuantGrid.Grains.Workers;

namespace QuantGrid.Grains;

/// <summary>
/// A sweep: persists its grid once and its results in pages (<see cref="SweepResultPages"/>), queues its unfinished experiments in the work queue, records each
/// result once, tells waiting from running work, pushes results and progress to subscribed clients, and estimates
/// its time to completion. While it is unfinished it queues its unfinished experiments again now and then (the
/// queue ignores those it holds), so no failure of the queue can strand it.
/// </summary>
[GrainType(TypeName)]
public sealed partial class SweepGrain(
    [PersistentState(SweepGrain.StateName, StorageNames.Default)] IPersistentState<SweepState> state,
    QuantGridTelemetry telemetry,
    IOptions<WorkerOptions> options,
    ILogger<SweepGrain> logger) : Grain, ISweepGrain
{
    /// <summary>The grain type (a storage key: never rename it).</summary>
    public const string TypeName = "quantgrid.sweep";

    /// <summary>The name of the sweep's persistent state.</summary>
    public const string StateName = "sweep";

    private const int EnqueueBatch = 2_000;
    private readonly ObserverManager<ISweepObserver> observers = new(TimeSpan.FromMinutes(5), logger);
    private readonly int[] counts = new int[Enum.GetValues<ExperimentStatus>().Length];
    private readonly Dictionary<string, ExperimentUpdate> running = [];
    private readonly Dictionary<string, ExperimentStatus> statuses = new(StringComparer.Ordinal);
    private SweepResultPages results = null!;
    private readonly Dictionary<string, double> trainingSpeeds = [];
    private readonly Dictionary<string, double> fineTuningSpeeds = [];
    private ImmutableDictionary<string, double> probedSpeeds = ImmutableDictionary<string, double>.Empty;
    private IGrainTimer? redrive;
    private IGrainTimer? flush;
    private DateTime lastWrite = DateTime.MinValue;
    private (DateTime At, double? Seconds) eta;
    private (DateTime At, int Slots) slots;

    private IWorkQueueGrain Queue => GrainFactory.GetGrain<IWorkQueueGrain>(IWorkQueueGrain.Default);

    public async Task<SweepStatus> StartAsync(SweepSpec spec, int priority = 0)
    {
        if (spec.Id != this.GetPrimaryKeyString())
        {
            throw new ArgumentException($"sweep {spec.Id} sent to grain {this.GetPrimaryKeyString()}");
        }

        if (state.State.Spec is null || state.State.Priority != priority)
        {
            if (state.State.Spec is null)
            {
                state.State.Spec = spec;
                state.State.CreatedUtc = DateTimeOffset.UtcNow;
                foreach (var experiment in spec.Expand())
                {
                    state.State.Experiments[experiment.Id] = experiment;
                }
            }

            state.State.Priority = priority;
            Recount();
            await state.WriteStateAsync();
        }

        var status = await RefreshStatusAsync();
        if (!status.IsComplete)
        {
            await EnqueueUnfinishedAsync();
            redrive ??= this.RegisterGrainTimer(EnqueueUnfinishedAsync, new GrainTimerCreationOptions(options.Value.RedrivePeriod, options.Value.RedrivePeriod));
        }

        return status;
    }

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        results = new SweepResultPages(ServiceProvider.GetRequiredKeyedService<IGrainStorage>(StorageNames.Default), this.GetGrainId());
        await results.LoadAsync();
        if (state.State.Results.Count > 0 || state.State.Statuses.Count > 0)
        {
            await MigrateAsync();
        }

        await RenameUnfinishedAsync();
        Recount();
        if (state.State.Spec is not null && !Status().IsComplete)
        {
            redrive = this.RegisterGrainTimer(EnqueueUnfinishedAsync, new GrainTimerCreationOptions(options.Value.RedrivePeriod, options.Value.RedrivePeriod));
        }
    }

    public override async Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken)
    {
        telemetry.SweepDeactivated(this.GetPrimaryKeyString());
        if (results.IsDirty)
        {
            await results.FlushAsync();
        }
    }

    public Task<SweepStatus> GetStatusAsync() => RefreshStatusAsync();

    public Task<ImmutableArray<ExperimentResult>> GetResultsAsync() => Task.FromResult(results.All.OrderBy(r => r.ExperimentId, StringComparer.Ordinal).ToImmutableArray());

    public Task<SweepSpec?> GetSpecAsync() => Task.FromResult(state.State.Spec);

    public Task<ImmutableArray<SummaryRow>> GetSummaryAsync() => Task.FromResult(SweepSummary.Compute(results.All).ToImmutableArray());

    public Task<ImmutableArray<ExperimentUpdate>> GetRunningAsync() => Task.FromResult(running.Values.OrderBy(u => u.ExperimentId, StringComparer.Ordinal).ToImmutableArray());

    public Task<ImmutableArray<ExperimentSpec>> GetUnfinishedAsync() => Task.FromResult(Unfinished().ToImmutableArray());

    public async Task ReportResultAsync(ExperimentResult result)
    {
        if (!state.State.Experiments.ContainsKey(result.ExperimentId))
        {
            throw new ArgumentException($"experiment {result.ExperimentId} is not part of {this.GetPrimaryKeyString()}");
        }

        running.Remove(result.ExperimentId);
        if (!results.Add(result))
        {
            telemetry.DuplicateResult();
            return;
        }

        SetStatus(result.ExperimentId, result.Status);
        var status = Status();
        await PersistAsync(force: status.IsComplete);
        telemetry.SweepProgress(status);
        await observers.Notify(o => o.OnResultAsync(result));
        if (status.IsComplete)
        {
            redrive?.Dispose();
            redrive = null;
            await Queue.SweepCompletedAsync(this.GetPrimaryKeyString());
        }
    }

    public Task ReportUpdateAsync(ExperimentUpdate update)
    {
        if (results.Results.ContainsKey(update.ExperimentId))
        {
            return Task.CompletedTask;
        }

        if (update.Phase == ExperimentUpdate.Trained)
        {
            running.Remove(update.ExperimentId);
            return observers.Notify(o => o.OnUpdateAsync(update));
        }

        var first = !running.ContainsKey(update.ExperimentId);
        running[update.ExperimentId] = update;
        if (first && statuses.TryGetValue(update.ExperimentId, out var previous) && previous == ExperimentStatus.Pending)
        {
            SetStatus(update.ExperimentId, ExperimentStatus.Running);
        }

        if (update is { Phase: "TrainingFloat", ImagesPerSecond: > 0 } && (update.Epoch > 1 || update.Batch * 5 >= update.Batches))
        {
            trainingSpeeds[ModelOf(update.ExperimentId)] = update.ImagesPerSecond.Value;
        }
        else if (update is { Phase: ExperimentUpdate.FineTuning, ImagesPerSecond: > 0 } && (update.Epoch > 1 || update.Batch * 5 >= update.Batches))
        {
            fineTuningSpeeds[ModelOf(update.ExperimentId)] = update.ImagesPerSecond.Value;
        }

        return observers.Notify(o => o.OnUpdateAsync(update));
    }

    /// <summary>Experiment ids and baseline keys (<c>baseline-…</c>) both start with the model's name.</summary>
    private static string ModelOf(string workId) => workId.Replace("baseline-", "", StringComparison.Ordinal).Split('-')[0];

    public Task ReportProbedSpeedsAsync(ImmutableDictionary<string, double> imagesPerSecond)
    {
        probedSpeeds = imagesPerSecond;
        eta = default;
        return Task.CompletedTask;
    }

    public Task ReportWaitingAsync(string experimentId)
    {
        running.Remove(experimentId);
        if (statuses.TryGetValue(experimentId, out var status) && status == ExperimentStatus.Running)
        {
            SetStatus(experimentId, ExperimentStatus.Pending);
        }

        return Task.CompletedTask;
    }

    public Task SubscribeAsync(ISweepObserver observer)
    {
        observers.Subscribe(observer, observer);
        return Task.CompletedTask;
    }

    public Task UnsubscribeAsync(ISweepObserver observer)
    {
        observers.Unsubscribe(observer);
        return Task.CompletedTask;
    }

    /// <summary>Status with an ETA recomputed at most every two seconds (it walks every unfinished experiment).</summary>
    private async Task<SweepStatus> RefreshStatusAsync()
    {
        var now = DateTime.UtcNow;
        if (now - slots.At > TimeSpan.FromSeconds(5))
        {
            try
            {
                slots = (now, (await Queue.GetStatsAsync()).Slots);
            }
            catch (Exception ex) when (Resilience.IsTransient(ex) || ex is OrleansException)
            {
                slots = (now, slots.Slots);
            }
        }

        if (now - eta.At > TimeSpan.FromSeconds(2))
        {
            var unfinished = Unfinished().ToList();
            eta = (now, state.State.Spec is null ? null : SweepEta.Seconds(unfinished, results.All, running, trainingSpeeds, slots.Slots, now, probedSpeeds, fineTuningSpeeds));
        }

        var status = Status();
        telemetry.SweepProgress(status);
        return status;
    }

    private async Task EnqueueUnfinishedAsync()
    {
        var unfinished = Unfinished().ToList();
        for (var start = 0; start < unfinished.Count; start += EnqueueBatch)
        {
            await Queue.EnqueueAsync(this.GetPrimaryKeyString(), state.State.Priority, [.. unfinished.Skip(start).Take(EnqueueBatch)]);
        }
    }

    private IEnumerable<ExperimentSpec> Unfinished() => state.State.Experiments.Where(e => !results.Results.ContainsKey(e.Key)).Select(e => e.Value);

    /// <summary>
    /// Writes the result pages that changed at most once a second while results stream in (each experiment has already
    /// persisted its own result, and a re-queued finished experiment reports it again, so a lagging sweep state
    /// loses nothing); the final result is written at once.
    /// </summary>
    private async Task PersistAsync(bool force)
    {
        if (force || DateTime.UtcNow - lastWrite > TimeSpan.FromSeconds(1))
        {
            await FlushAsync();
            return;
        }

        flush ??= this.RegisterGrainTimer(FlushAsync, new GrainTimerCreationOptions(TimeSpan.FromSeconds(1), Timeout.InfiniteTimeSpan));
    }

    private async Task FlushAsync()
    {
        flush?.Dispose();
        flush = null;
        if (results.IsDirty)
        {
            lastWrite = DateTime.UtcNow;
            await results.FlushAsync();
        }
    }

    private void SetStatus(string experimentId, ExperimentStatus status)
    {
        counts[(int)statuses[experimentId]]--;
        counts[(int)status]++;
        statuses[experimentId] = status;
    }

    /// <summary>
    /// Statuses and counts from the recorded results; "running" is not persisted (after a restart all unfinished work
    /// waits until it starts again).
    /// </summary>
    private void Recount()
    {
        Array.Clear(counts);
        foreach (var id in state.State.Experiments.Keys)
        {
            var status = results.Results.TryGetValue(id, out var result) ? result.Status
                : running.ContainsKey(id) ? ExperimentStatus.Running
                : ExperimentStatus.Pending;
            statuses[id] = status;
            counts[(int)status]++;
        }
    }

    /// <summary>
    /// A sweep stored before results were paged kept every result (and every status) in its own state: the results
    /// move to pages, written before the sweep's state drops them, so a crash in between loses nothing.
    /// </summary>
    private async Task MigrateAsync()
    {
        foreach (var result in state.State.Results.Values)
        {
            results.Add(result);
        }

        await results.FlushAsync();
        state.State.Results.Clear();
        state.State.Statuses.Clear();
        await state.WriteStateAsync();
    }

    /// <summary>
    /// An experiment's id derives from its spec, and a later version may derive it otherwise (a setting added, a default
    /// resolved differently). A sweep stored by an earlier version keeps its finished experiments under the ids they
    /// ran as (they never run again) and renames its unfinished ones to the ids their workers now report, which
    /// would otherwise be refused as not part of the sweep, again and again.
    /// </summary>
    private async Task RenameUnfinishedAsync()
    {
        var renamed = state.State.Experiments.Where(e => e.Key != e.Value.Id && !results.Results.ContainsKey(e.Key)).ToList();
        if (renamed.Count == 0)
        {
            return;
        }

        foreach (var (key, spec) in renamed)
        {
            state.State.Experiments.Remove(key);
            state.State.Experiments[spec.Id] = spec;
        }

        var sweepId = this.GetPrimaryKeyString();
        LogRenamed(logger, sweepId, renamed.Count);
        await state.WriteStateAsync();
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Sweep {SweepId}: {Count} unfinished experiments now have the ids this version derives (an earlier version stored them under others)")]
    private static partial void LogRenamed(ILogger logger, string sweepId, int count);

    private SweepStatus Status() => new(
        this.GetPrimaryKeyString(),
        statuses.Count,
        counts[(int)ExperimentStatus.Succeeded],
        counts[(int)ExperimentStatus.Failed],
        counts[(int)ExperimentStatus.Running],
        counts[(int)ExperimentStatus.Pending],
        eta.Seconds);
}
