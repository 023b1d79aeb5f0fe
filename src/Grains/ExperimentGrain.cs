using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using QuantGrid.Contracts;
using QuantGrid.Grains.State;
using QuantGrid.Grains.Workers;

namespace QuantGrid.Grains;

/// <summary>
/// One experiment's durable record: attempts are counted when a worker slot begins one (so a silo that dies mid-run
/// has used one), a hand-back gives it back, and the first result is persisted before it is reported to the sweep.
/// </summary>
[GrainType("quantgrid.experiment")]
public sealed partial class ExperimentGrain(
    [PersistentState("experiment", StorageNames.Default)] IPersistentState<ExperimentState> state,
    IOptions<WorkerOptions> options,
    QuantGridTelemetry telemetry,
    ILogger<ExperimentGrain> logger) : Grain, IExperimentGrain
{
    private readonly Polly.ResiliencePipeline transient = Resilience.Transient(telemetry);
    private Task attemptWrite = Task.CompletedTask;

    public async Task<AttemptStart> BeginAttemptAsync(ExperimentSpec spec, string sweepId, string silo)
    {
        if (spec.Id != this.GetPrimaryKeyString())
        {
            throw new ArgumentException($"experiment {spec.Id} sent to grain {this.GetPrimaryKeyString()}");
        }

        (state.State.Spec, state.State.SweepId) = (spec, sweepId);
        if (state.State.IsFinished)
        {
            await ReportAsync();
            return new AttemptStart(false, state.State.Attempts);
        }

        if (state.State.Attempts >= options.Value.MaxAttempts)
        {
            await FinishAsync(Failure($"gave up after {state.State.Attempts} attempts (the silos running it were lost)"));
            return new AttemptStart(false, state.State.Attempts);
        }

        state.State.Attempts++;
        state.State.Status = ExperimentStatus.Running;
        state.State.Silo = silo;
        attemptWrite = WriteAsync();
        telemetry.ExperimentChanged(spec, ExperimentStatus.Running);
        return new AttemptStart(true, state.State.Attempts);
    }

    public async Task CompleteAsync(ExperimentResult result)
    {
        if (!state.State.IsFinished)
        {
            state.State.Spec ??= result.Spec;
            await FinishAsync(result with { Attempts = Math.Max(1, state.State.Attempts) });
            return;
        }

        await ReportAsync();
    }

    public async Task<bool> EndAttemptAsync(string? fault, bool handedBack)
    {
        if (state.State.IsFinished)
        {
            return false;
        }

        if (!handedBack && state.State.Attempts >= options.Value.MaxAttempts)
        {
            await FinishAsync(Failure($"{fault} on each of {state.State.Attempts} attempts"));
            return false;
        }

        if (handedBack)
        {
            state.State.Attempts = Math.Max(0, state.State.Attempts - 1);
        }
        else
        {
            LogRetry(logger, this.GetPrimaryKeyString(), state.State.Attempts, fault ?? "?");
        }

        state.State.Status = ExperimentStatus.Pending;
        await WriteAsync();
        if (state.State.SweepId is { } sweepId)
        {
            GrainFactory.GetGrain<ISweepGrain>(sweepId).ReportWaitingAsync(this.GetPrimaryKeyString()).Ignore();
        }

        return true;
    }

    private async Task FinishAsync(ExperimentResult result)
    {
        state.State.Result = result;
        state.State.Status = result.Status;
        await WriteAsync();
        telemetry.ExperimentFinished(result);
        await ReportAsync();
    }

    /// <summary>
    /// Persists the state after the attempt's write, which runs while the work starts (so a slot never waits for a
    /// flush before its work; a process that dies at once may lose that one count, never a result).
    /// </summary>
    private async Task WriteAsync()
    {
        try
        {
            await attemptWrite;
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            LogAttemptNotRecorded(logger, ex, this.GetPrimaryKeyString());
        }

        attemptWrite = Task.CompletedTask;
        await transient.ExecuteAsync(async token => await state.WriteStateAsync(token));
    }

    private ExperimentResult Failure(string reason) =>
        new(this.GetPrimaryKeyString(), state.State.Spec!, ExperimentStatus.Failed, null, null, null, null, null, 0, state.State.Silo ?? "", state.State.Attempts, reason, null, DateTimeOffset.UtcNow);

    private async Task ReportAsync()
    {
        if (state.State is { Result: { } result, SweepId: { } sweepId })
        {
            await transient.ExecuteAsync(async _ => await GrainFactory.GetGrain<ISweepGrain>(sweepId).ReportResultAsync(result));
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "The attempt count of experiment {ExperimentId} could not be written; it runs anyway")]
    private static partial void LogAttemptNotRecorded(ILogger logger, Exception exception, string experimentId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Experiment {ExperimentId} failed on attempt {Attempt} ({Fault}); it is queued again")]
    private static partial void LogRetry(ILogger logger, string experimentId, int attempt, string fault);
}
