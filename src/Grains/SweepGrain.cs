using System.Collections.Immutable;
using Microsoft.Extensions.Logging;
using Orleans.Utilities;
using QuantGrid.Contracts;
using Microsoft.Extensions.Options;
using QuantGrid.Grains.State;
using QuantGrid.Grains.Workers;

namespace QuantGrid.Grains;

/// <summary>
/// A sweep: persists its grid and every result, starts its experiments, records each result once, pushes
/// results and progress to subscribed clients, and re-drives unfinished experiments while it is active.
/// </summary>
[GrainType("quantgrid.sweep")]
public sealed class SweepGrain(
    [PersistentState("sweep", StorageNames.Default)] IPersistentState<SweepState> state,
    QuantGridTelemetry telemetry,
    IOptions<WorkerOptions> options,
    ILogger<SweepGrain> logger) : Grain, ISweepGrain
{
    private readonly ObserverManager<ISweepObserver> observers = new(TimeSpan.FromMinutes(5), logger);
    private readonly int[] counts = new int[Enum.GetValues<ExperimentStatus>().Length];
    private IGrainTimer? redrive;
    private IGrainTimer? flush;
    private DateTime lastWrite = DateTime.MinValue;
    private bool dirty;

    public async Task<SweepStatus> StartAsync(SweepSpec spec)
    {
        if (spec.Id != this.GetPrimaryKeyString())
        {
            throw new ArgumentException($"sweep {spec.Id} sent to grain {this.GetPrimaryKeyString()}");
        }

        if (state.State.Spec is null)
        {
            state.State.Spec = spec;
            state.State.CreatedUtc = DateTimeOffset.UtcNow;
            foreach (var experiment in spec.Expand())
            {
                state.State.Experiments[experiment.Id] = experiment;
                state.State.Statuses[experiment.Id] = ExperimentStatus.Pending;
            }

            Recount();
            await state.WriteStateAsync();
        }

        await DriveAsync();
        telemetry.SweepProgress(Status());
        StartRedrive();
        return Status();
    }

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        Recount();
        if (state.State.Spec is not null && !Status().IsComplete)
        {
            StartRedrive();
        }

        return Task.CompletedTask;
    }

    public Task<SweepStatus> GetStatusAsync() => Task.FromResult(Status());

    public override async Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken)
    {
        telemetry.SweepDeactivated(this.GetPrimaryKeyString());
        if (dirty)
        {
            await state.WriteStateAsync(cancellationToken);
        }
    }

    /// <summary>
    /// Writes the sweep's state at most once a second while results stream in (each experiment has already
    /// persisted its own result, and a re-drive makes finished experiments report again, so a lagging sweep
    /// state loses nothing); the final result is written at once.
    /// </summary>
    private async Task PersistAsync(bool force)
    {
        dirty = true;
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
        if (dirty)
        {
            dirty = false;
            lastWrite = DateTime.UtcNow;
            await state.WriteStateAsync();
        }
    }

    public Task<ImmutableArray<ExperimentResult>> GetResultsAsync() => Task.FromResult(state.State.Results.Values.OrderBy(r => r.ExperimentId, StringComparer.Ordinal).ToImmutableArray());

    public Task<SweepSpec?> GetSpecAsync() => Task.FromResult(state.State.Spec);

    public Task<ImmutableArray<SummaryRow>> GetSummaryAsync() => Task.FromResult(SweepSummary.Compute(state.State.Results.Values).ToImmutableArray());

    public async Task ReportResultAsync(ExperimentResult result)
    {
        if (!state.State.Experiments.ContainsKey(result.ExperimentId))
        {
            throw new ArgumentException($"experiment {result.ExperimentId} is not part of {this.GetPrimaryKeyString()}");
        }

        if (state.State.Results.ContainsKey(result.ExperimentId))
        {
            state.State.DuplicateReports++;
            telemetry.DuplicateResult();
            return;
        }

        state.State.Results[result.ExperimentId] = result;
        SetStatus(result.ExperimentId, result.Status);
        var status = Status();
        await PersistAsync(force: status.IsComplete);
        telemetry.SweepProgress(status);
        await observers.Notify(o => o.OnResultAsync(result));
        if (status.IsComplete)
        {
            redrive?.Dispose();
            redrive = null;
        }
    }

    public Task ReportUpdateAsync(ExperimentUpdate update) => observers.Notify(o => o.OnUpdateAsync(update));

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

    private void StartRedrive() =>
        redrive ??= this.RegisterGrainTimer(DriveAsync, new GrainTimerCreationOptions(options.Value.RedrivePeriod, options.Value.RedrivePeriod));

    private async Task DriveAsync()
    {
        if (state.State.Spec is null)
        {
            return;
        }

        // Experiments are started without waiting for them: a sweep turn never waits on an experiment grain,
        // so an experiment that reports back while the sweep re-drives it cannot deadlock the two.
        var unfinished = state.State.Experiments.Values.Where(e => !state.State.Results.ContainsKey(e.Id)).ToList();
        foreach (var experiment in unfinished)
        {
            GrainFactory.GetGrain<IExperimentGrain>(experiment.Id).StartAsync(experiment, this.GetPrimaryKeyString()).Ignore();
        }

        var pending = unfinished.Where(e => state.State.Statuses[e.Id] == ExperimentStatus.Pending).ToList();
        pending.ForEach(e => SetStatus(e.Id, ExperimentStatus.Running));
        if (pending.Count > 0)
        {
            await state.WriteStateAsync();
        }
    }

    private void SetStatus(string experimentId, ExperimentStatus status)
    {
        counts[(int)state.State.Statuses[experimentId]]--;
        counts[(int)status]++;
        state.State.Statuses[experimentId] = status;
    }

    private void Recount()
    {
        Array.Clear(counts);
        foreach (var status in state.State.Statuses.Values)
        {
            counts[(int)status]++;
        }
    }

    private SweepStatus Status() => new(
        this.GetPrimaryKeyString(),
        state.State.Statuses.Count,
        counts[(int)ExperimentStatus.Succeeded],
        counts[(int)ExperimentStatus.Failed],
        counts[(int)ExperimentStatus.Running],
        counts[(int)ExperimentStatus.Pending]);
}
