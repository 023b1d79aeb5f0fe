using System.Diagnostics;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using QuantGrid.Contracts;
using QuantGrid.Grains.Placement;
using QuantGrid.Grains.State;
using QuantGrid.Grains.Workers;

namespace QuantGrid.Grains;

/// <summary>
/// One experiment. <see cref="StartAsync"/> persists "running" and returns; the work runs on the silo's
/// worker pool; the result is persisted before it is reported, and the sweep records it once. A durable
/// reminder re-drives the experiment when its silo died or its activation was lost.
/// </summary>
[System.Diagnostics.CodeAnalysis.SuppressMessage("Design", "CA1001", Justification = "The stopping token source has no timer; it is cancelled on deactivation and may still be observed by the worker thread, so it is not disposed.")]
[GrainType("quantgrid.experiment")]
[CapabilityPlacement]
public sealed partial class ExperimentGrain(
    [PersistentState("experiment", StorageNames.Default)] IPersistentState<ExperimentState> state,
    WorkerPool pool,
    IExperimentExecutor executor,
    IOptions<WorkerOptions> options,
    QuantGridTelemetry telemetry,
    ILogger<ExperimentGrain> logger) : Grain, IExperimentGrain, IRemindable
{
    private const string RedriveReminder = "redrive";
    private readonly Polly.ResiliencePipeline transient = Resilience.Transient(telemetry);
    private readonly CancellationTokenSource stopping = new();
    private Task? running;
    private IGrainReminder? redrive;

    public async Task StartAsync(ExperimentSpec spec, string sweepId)
    {
        if (spec.Id != this.GetPrimaryKeyString())
        {
            throw new ArgumentException($"experiment {spec.Id} sent to grain {this.GetPrimaryKeyString()}");
        }

        if (state.State.IsFinished)
        {
            ReportAsync().Ignore();
            return;
        }

        if (running is { IsCompleted: false })
        {
            return;
        }

        state.State.Spec = spec;
        state.State.SweepId = sweepId;
        await BeginAttemptAsync();
    }

    public Task<ExperimentStatus> GetStatusAsync() => Task.FromResult(state.State.Status);

    public Task<ExperimentResult?> GetResultAsync() => Task.FromResult(state.State.Result);

    public async Task ReceiveReminder(string reminderName, TickStatus status)
    {
        if (state.State.IsFinished)
        {
            ReportAsync().Ignore();
            await UnregisterRedriveAsync();
            return;
        }

        if (state.State.Spec is null || running is { IsCompleted: false })
        {
            return;
        }

        LogRedrive(logger, this.GetPrimaryKeyString(), state.State.Silo ?? "?", state.State.Attempts);
        await BeginAttemptAsync();
    }

    private async Task BeginAttemptAsync()
    {
        var spec = state.State.Spec!;
        if (state.State.Attempts >= options.Value.MaxAttempts)
        {
            running = FinishAsync(Failure(spec, $"gave up after {state.State.Attempts} attempts (the silos running it were lost)", 0));
            return;
        }

        if (options.Value.Reminders && redrive is null)
        {
            if (!state.RecordExists)
            {
                // The spec must be durable before the reminder can re-drive it from another silo.
                await state.WriteStateAsync();
            }

            var period = options.Value.RedrivePeriod < TimeSpan.FromMinutes(1) ? options.Value.RedrivePeriod : TimeSpan.FromMinutes(1);
            redrive = await this.RegisterOrUpdateReminder(RedriveReminder, period, period);
        }

        DelayDeactivation(TimeSpan.MaxValue);
        running = RunAsync(spec);
    }

    /// <summary>
    /// Counts and persists an attempt once its worker slot has started the work (the write overlaps the work's
    /// first milliseconds instead of delaying it), so that time in the queue, and a process that dies while the experiment
    /// only waits, never uses up its attempts. A failed write is logged and the attempt goes on uncounted.
    /// </summary>
    private async Task RecordAttemptAsync(ExperimentSpec spec)
    {
        state.State.Status = ExperimentStatus.Running;
        state.State.Attempts++;
        state.State.Silo = RuntimeIdentity;
        state.State.StartedUtc = DateTimeOffset.UtcNow;
        telemetry.ExperimentChanged(spec, ExperimentStatus.Running);
        try
        {
            await state.WriteStateAsync();
        }
        catch (Exception ex)
        {
            LogAttemptNotRecorded(logger, ex, spec.Id, state.State.Attempts);
        }
    }

    private async Task RunAsync(ExperimentSpec spec)
    {
        var clock = Stopwatch.StartNew();
        ExperimentResult result;
        try
        {
            var baseline = await transient.ExecuteAsync(async _ => await GrainFactory.GetGrain<IBaselineGrain>(spec.Baseline.Key).EnsureTrainedAsync(spec.Baseline));
            var sweep = GrainFactory.GetGrain<ISweepGrain>(state.State.SweepId!);
            var silo = RuntimeIdentity;
            var progress = new Engine.SyncProgress<ExperimentUpdate>(update =>
            {
                if (update.ImagesPerSecond is { } speed)
                {
                    telemetry.Throughput(spec.Model, update.Phase, speed);
                }

                sweep.ReportUpdateAsync(update with { Silo = silo }).Ignore();
            });
            var started = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            var work = pool.RunAsync(
                token =>
                {
                    started.TrySetResult();
                    clock.Restart();
                    using var timeout = CancellationTokenSource.CreateLinkedTokenSource(token);
                    timeout.CancelAfter(options.Value.ExperimentTimeout);
                    return executor.Run(spec, baseline.CheckpointPath, progress, timeout.Token);
                },
                stopping.Token);
            // Work that failed at once may complete before the started signal is observed: it started all the same.
            if (await Task.WhenAny(started.Task, work) == started.Task || started.Task.IsCompleted)
            {
                await RecordAttemptAsync(spec);
            }

            var outcome = await work;
            result = new ExperimentResult(
                spec.Id, spec, outcome.Succeeded ? ExperimentStatus.Succeeded : ExperimentStatus.Failed, outcome.Accuracy, outcome.FloatAccuracy,
                outcome.ModelBytes, outcome.FloatModelBytes, outcome.LatencyMs, clock.Elapsed.TotalSeconds, RuntimeIdentity, state.State.Attempts,
                outcome.Error, outcome.ModelPath, DateTimeOffset.UtcNow, outcome.Onnx);
        }
        catch (OperationCanceledException) when (stopping.IsCancellationRequested)
        {
            LogHandedBack(logger, spec.Id, RuntimeIdentity);
            return;
        }
        catch (OperationCanceledException) when (state.State.Attempts < options.Value.MaxAttempts)
        {
            LogTransient(logger, new TimeoutException($"timed out after {options.Value.ExperimentTimeout}"), spec.Id, state.State.Attempts);
            await BeginAttemptAsync();
            return;
        }
        catch (OperationCanceledException)
        {
            result = Failure(spec, $"timed out after {options.Value.ExperimentTimeout} on each of {state.State.Attempts} attempts", clock.Elapsed.TotalSeconds);
        }
        catch (Exception ex) when (Resilience.IsTransient(ex) && state.State.Attempts < options.Value.MaxAttempts)
        {
            LogTransient(logger, ex, spec.Id, state.State.Attempts);
            await Task.Delay(TimeSpan.FromSeconds(Math.Pow(2, state.State.Attempts)));
            await BeginAttemptAsync();
            return;
        }
        catch (Exception ex)
        {
            result = Failure(spec, $"{ex.GetType().Name}: {ex.Message}", clock.Elapsed.TotalSeconds);
        }

        await FinishAsync(result);
    }

    /// <summary>On shutdown (SIGTERM, scale-down) the running work is cancelled and left "running" for a re-drive on another silo.</summary>
    public override async Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken)
    {
        if (running is { IsCompleted: false })
        {
            await stopping.CancelAsync();
            await Task.WhenAny(running, Task.Delay(TimeSpan.FromSeconds(30), cancellationToken));
        }
    }

    private async Task FinishAsync(ExperimentResult result)
    {
        DelayDeactivation(TimeSpan.Zero);
        state.State.Result = result;
        state.State.Status = result.Status;
        await transient.ExecuteAsync(async token => await state.WriteStateAsync(token));
        telemetry.ExperimentFinished(result);
        await ReportAsync();
        await UnregisterRedriveAsync();
    }

    private ExperimentResult Failure(ExperimentSpec spec, string reason, double seconds) =>
        new(spec.Id, spec, ExperimentStatus.Failed, null, null, null, null, null, seconds, RuntimeIdentity, state.State.Attempts, reason, null, DateTimeOffset.UtcNow);

    private async Task ReportAsync()
    {
        if (state.State is { Result: { } result, SweepId: { } sweepId })
        {
            await transient.ExecuteAsync(async _ => await GrainFactory.GetGrain<ISweepGrain>(sweepId).ReportResultAsync(result));
        }
    }

    private async Task UnregisterRedriveAsync()
    {
        if (!options.Value.Reminders)
        {
            return;
        }

        if ((redrive ?? await this.GetReminder(RedriveReminder)) is { } reminder)
        {
            await this.UnregisterReminder(reminder);
            redrive = null;
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Re-driving experiment {ExperimentId} last run on {Silo} (attempt {Attempts} so far)")]
    private static partial void LogRedrive(ILogger logger, string experimentId, string silo, int attempts);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Attempt {Attempt} of experiment {ExperimentId} could not be recorded; it runs anyway")]
    private static partial void LogAttemptNotRecorded(ILogger logger, Exception exception, string experimentId, int attempt);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Experiment {ExperimentId} handed back by {Silo}, which is shutting down")]
    private static partial void LogHandedBack(ILogger logger, string experimentId, string silo);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Transient failure of experiment {ExperimentId} on attempt {Attempt}; retrying")]
    private static partial void LogTransient(ILogger logger, Exception exception, string experimentId, int attempt);
}
