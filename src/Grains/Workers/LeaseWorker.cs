using System.Collections.Concurrent;
using System.Diagnostics;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using QuantGrid.Contracts;

namespace QuantGrid.Grains.Workers;

/// <summary>
/// This silo's side of the work queue: while the silo is active it leases one item per free worker slot (a long
/// poll that returns as soon as work arrives), runs it on the <see cref="WorkerPool"/>, renews its leases, and
/// records the outcome. On shutdown (SIGTERM, scale-in) it stops leasing, lets running work finish for the grace
/// period, and hands the rest back to the queue; a hand-back does not count as an attempt.
/// </summary>
public sealed partial class LeaseWorker(
    IGrainFactory grains,
    WorkerPool pool,
    IExperimentExecutor executor,
    IOptions<WorkerOptions> options,
    QuantGridTelemetry telemetry,
    ILocalSiloDetails silo,
    SiloCapabilities capabilities,
    ILogger<LeaseWorker> logger) : ILifecycleParticipant<ISiloLifecycle>, IDisposable
{
    /// <summary>
    /// Finished runs still recording their results, per slot, before the worker stops leasing: a slot is freed when its
    /// work ends, so very short work (a no-op workload) could otherwise lease far faster than results are recorded.
    /// </summary>
    private const int RecordingBacklogPerSlot = 4;

    /// <summary>
    /// Below this run time (the last and the average), work is so short that a lease round trip between two runs matters: each slot then
    /// holds one more leased experiment, its attempt already begun, queued in the pool so that a freed slot starts it
    /// at once. Longer work is never leased ahead, so it waits in the queue for whichever silo frees a slot first.
    /// </summary>
    private static readonly TimeSpan ShortWork = TimeSpan.FromSeconds(1);

    private readonly WorkerOptions worker = options.Value;
    private readonly ConcurrentDictionary<string, Run> running = new();
    private readonly CancellationTokenSource leasing = new();
    private readonly CancellationTokenSource handBack = new();
    private readonly CancellationTokenSource stopped = new();
    private readonly SemaphoreSlim slotFreed = new(0);
    private int occupied;
    private double recentSeconds = double.PositiveInfinity;
    private double lastSeconds = double.PositiveInfinity;
    private readonly Polly.ResiliencePipeline transient = Resilience.Transient(telemetry, maxRetries: 8);
    private Task? pulling;
    private Task? renewing;

    private WorkerInfo Info => new(silo.SiloAddress.ToString(), capabilities.IsGpu, worker.Slots);

    private IWorkQueueGrain Queue => grains.GetGrain<IWorkQueueGrain>(IWorkQueueGrain.Default);

    public void Participate(ISiloLifecycle lifecycle) =>
        lifecycle.Subscribe(nameof(LeaseWorker), ServiceLifecycleStage.Active, Start, StopAsync);

    public void Dispose()
    {
        leasing.Dispose();
        handBack.Dispose();
        stopped.Dispose();
        slotFreed.Dispose();
    }

    private Task Start(CancellationToken cancellationToken)
    {
        if (!worker.Enabled)
        {
            return Task.CompletedTask;
        }

        pulling = Task.Run(PullAsync, CancellationToken.None);
        renewing = Task.Run(RenewAsync, CancellationToken.None);
        return Task.CompletedTask;
    }

    /// <summary>Graceful leave: no new leases; running work gets the grace period, then is cancelled and handed back.</summary>
    private async Task StopAsync(CancellationToken cancellationToken)
    {
        await leasing.CancelAsync();
        foreach (var ahead in running.Values.Where(r => !r.Started))
        {
            await ahead.Cancellation.CancelAsync();
        }

        var runs = running.Values.Select(r => r.Task).ToList();
        if (runs.Count > 0)
        {
            LogLeaving(logger, runs.Count, worker.GracePeriod);
            await Task.WhenAny(Task.WhenAll(runs), Task.Delay(worker.GracePeriod, CancellationToken.None));
            await handBack.CancelAsync();
            await Task.WhenAny(Task.WhenAll(runs), Task.Delay(TimeSpan.FromSeconds(30), CancellationToken.None));
        }

        await stopped.CancelAsync();
        await Task.WhenAll(new[] { pulling, renewing }.OfType<Task>());
    }

    private async Task PullAsync()
    {
        var backoff = TimeSpan.FromMilliseconds(200);
        while (!leasing.IsCancellationRequested)
        {
            var working = Volatile.Read(ref occupied);
            var ahead = Math.Max(Volatile.Read(ref recentSeconds), Volatile.Read(ref lastSeconds)) < ShortWork.TotalSeconds ? worker.Slots : 0;
            var free = Math.Min(worker.Slots + ahead - working, (worker.Slots * RecordingBacklogPerSlot) - (running.Count - working));
            if (free <= 0)
            {
                await WaitAsync(slotFreed.WaitAsync(leasing.Token));
                continue;
            }

            try
            {
                var leases = await Queue.LeaseAsync(Info, free, worker.PollWait);
                backoff = TimeSpan.FromMilliseconds(200);
                foreach (var lease in leases)
                {
                    if (leasing.IsCancellationRequested)
                    {
                        await Queue.ReleaseAsync(lease.LeaseId, TimeSpan.Zero);
                        continue;
                    }

                    var run = new Run(lease, CancellationTokenSource.CreateLinkedTokenSource(handBack.Token));
                    running[lease.LeaseId] = run;
                    Interlocked.Increment(ref occupied);
                    run.Task = Task.Run(() => ExecuteAsync(run), CancellationToken.None);
                }
            }
            catch (Exception ex) when (ex is not OperationCanceledException || !leasing.IsCancellationRequested)
            {
                LogQueueUnreachable(logger, ex, backoff);
                await WaitAsync(Task.Delay(backoff, leasing.Token));
                backoff = TimeSpan.FromTicks(Math.Min(backoff.Ticks * 2, TimeSpan.FromSeconds(10).Ticks));
            }
        }
    }

    private async Task RenewAsync()
    {
        var period = worker.LeaseDuration / 3;
        while (!leasing.IsCancellationRequested || !running.IsEmpty)
        {
            await WaitAsync(Task.Delay(period, stopped.Token));
            if (stopped.IsCancellationRequested)
            {
                return;
            }

            var held = running.Values.Select(r => r.Lease).ToList();
            if (held.Count == 0)
            {
                continue;
            }

            try
            {
                foreach (var lost in await Queue.RenewAsync(Info, [.. held]))
                {
                    if (running.TryGetValue(lost, out var run))
                    {
                        if (run.WorkEnded)
                        {
                            LogLeaseDroppedAfterWork(logger, run.Lease.Item.Id);
                        }
                        else
                        {
                            LogLeaseLost(logger, run.Lease.Item.Id);
                        }

                        run.Lost = true;
                        await run.Cancellation.CancelAsync();
                    }
                }
            }
            catch (Exception ex) when (Resilience.IsTransient(ex) || ex is OrleansException)
            {
                LogQueueUnreachable(logger, ex, period);
            }
        }
    }

    private async Task ExecuteAsync(Run run)
    {
        try
        {
            if (run.Lease.Item.Kind == WorkKind.Baseline)
            {
                await TrainBaselineAsync(run);
            }
            else
            {
                await RunExperimentAsync(run);
            }
        }
        catch (Exception ex)
        {
            LogRunFailed(logger, ex, run.Lease.Item.Id);
        }
        finally
        {
            FreeSlot(run);
            running.TryRemove(run.Lease.LeaseId, out _);
            run.Cancellation.Dispose();
            slotFreed.Release();
        }
    }

    /// <summary>
    /// Gives the run's worker slot to the next lease as soon as its work is over, before the result is recorded
    /// (the lease is still renewed until then, so nothing is lost if this silo dies meanwhile).
    /// </summary>
    private void FreeSlot(Run run)
    {
        if (run.TryFreeSlot())
        {
            Interlocked.Decrement(ref occupied);
            slotFreed.Release();
        }
    }

    private async Task TrainBaselineAsync(Run run)
    {
        var item = run.Lease.Item;
        try
        {
            var path = Path.GetFullPath(EngineExecutor.CheckpointPath(worker.ArtifactDirectory, item.Baseline));
            var trained = false;
            if (!await Task.Run(() => executor.IsBaselineValid(item.Baseline, path)))
            {
                var progress = Progress(item, DateTimeOffset.UtcNow);
                progress.Report(new ExperimentUpdate(item.Id, "", "Starting", 0, 0, null));
                await pool.RunAsync(
                    token =>
                    {
                        run.Started = true;
                        executor.TrainBaseline(item.Baseline, path, progress, token);
                        return true;
                    },
                    run.Cancellation.Token);
                trained = true;
            }

            telemetry.Baseline(trained);

            // The slot stays taken until the queue knows the baseline is trained, so that its experiments (cheap and
            // ready now) are what the slot leases next, not another baseline's training.
            await transient.ExecuteAsync(async _ => await Queue.CompleteAsync(run.Lease.LeaseId));
            Progress(item, DateTimeOffset.UtcNow).Report(new ExperimentUpdate(item.Id, "", ExperimentUpdate.Trained, 0, 0, null));
        }
        catch (OperationCanceledException) when (run.Cancellation.IsCancellationRequested)
        {
            await GiveBackAsync(run, TimeSpan.Zero);
        }
        catch (Exception ex) when (Resilience.IsTransient(ex))
        {
            LogRunFailed(logger, ex, item.Id);
            await GiveBackAsync(run, TimeSpan.FromSeconds(5));
        }
        catch (Exception ex)
        {
            await transient.ExecuteAsync(async _ => await Queue.CompleteAsync(run.Lease.LeaseId, $"float training failed: {ex.GetType().Name}: {ex.Message}"));
        }
    }

    private async Task RunExperimentAsync(Run run)
    {
        var item = run.Lease.Item;
        var spec = item.Experiment!;
        var experiment = grains.GetGrain<IExperimentGrain>(spec.Id);
        if (run.Lease.BaselineFailure is { } baselineFailure)
        {
            await experiment.BeginAttemptAsync(spec, item.SweepId, Info.Silo);
            await experiment.CompleteAsync(Failed(spec, baselineFailure, 0, 1));
            await transient.ExecuteAsync(async _ => await Queue.CompleteAsync(run.Lease.LeaseId));
            return;
        }

        var start = await transient.ExecuteAsync(async _ => await experiment.BeginAttemptAsync(spec, item.SweepId, Info.Silo));
        if (!start.Run)
        {
            await transient.ExecuteAsync(async _ => await Queue.CompleteAsync(run.Lease.LeaseId));
            return;
        }

        var clock = Stopwatch.StartNew();
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(run.Cancellation.Token);
        var progress = Progress(item, DateTimeOffset.UtcNow);
        progress.Report(new ExperimentUpdate(item.Id, "", "Starting", 0, 0, null));
        string? fault = null;
        try
        {
            var checkpoint = Path.GetFullPath(EngineExecutor.CheckpointPath(worker.ArtifactDirectory, spec.Baseline));
            var outcome = await pool.RunAsync(
                token =>
                {
                    run.Started = true;
                    clock.Restart();
                    timeout.CancelAfter(worker.ExperimentTimeout);
                    return executor.Run(spec, checkpoint, progress, token);
                },
                timeout.Token);
            FreeSlot(run);
            Remember(clock.Elapsed);
            var result = outcome.By(Info.Silo, start.Attempt, clock.Elapsed.TotalSeconds);
            await transient.ExecuteAsync(async _ => await experiment.CompleteAsync(result));
            await transient.ExecuteAsync(async _ => await Queue.CompleteAsync(run.Lease.LeaseId));
            return;
        }
        catch (OperationCanceledException) when (run.Lost)
        {
            return;
        }
        catch (OperationCanceledException) when (run.Cancellation.IsCancellationRequested)
        {
            LogHandedBack(logger, spec.Id, Info.Silo);
            await transient.ExecuteAsync(async _ => await experiment.EndAttemptAsync(null, handedBack: true));
            await GiveBackAsync(run, TimeSpan.Zero);
            return;
        }
        catch (OperationCanceledException)
        {
            fault = $"timed out after {worker.ExperimentTimeout}";
        }
        catch (Exception ex) when (Resilience.IsTransient(ex))
        {
            fault = $"{ex.GetType().Name}: {ex.Message}";
        }
        catch (Exception ex)
        {
            await transient.ExecuteAsync(async _ => await experiment.CompleteAsync(Failed(spec, $"{ex.GetType().Name}: {ex.Message}", clock.Elapsed.TotalSeconds, start.Attempt)));
            await transient.ExecuteAsync(async _ => await Queue.CompleteAsync(run.Lease.LeaseId));
            return;
        }

        var retry = await transient.ExecuteAsync(async _ => await experiment.EndAttemptAsync(fault, handedBack: false));
        if (retry)
        {
            await GiveBackAsync(run, TimeSpan.FromSeconds(Math.Min(60, Math.Pow(2, start.Attempt))));
        }
        else
        {
            await transient.ExecuteAsync(async _ => await Queue.CompleteAsync(run.Lease.LeaseId));
        }
    }

    /// <summary>The last and a running average of this silo's experiment run times (races between slots only blur them).</summary>
    private void Remember(TimeSpan elapsed)
    {
        Volatile.Write(ref lastSeconds, elapsed.TotalSeconds);
        var previous = Volatile.Read(ref recentSeconds);
        Volatile.Write(ref recentSeconds, double.IsInfinity(previous) ? elapsed.TotalSeconds : (0.8 * previous) + (0.2 * elapsed.TotalSeconds));
    }

    private async Task GiveBackAsync(Run run, TimeSpan delay) =>
        await transient.ExecuteAsync(async _ => await Queue.ReleaseAsync(run.Lease.LeaseId, delay));

    private ExperimentResult Failed(ExperimentSpec spec, string reason, double seconds, int attempt) =>
        new(spec.Id, spec, ExperimentStatus.Failed, null, null, null, null, null, seconds, Info.Silo, attempt, reason, null, DateTimeOffset.UtcNow);

    private Engine.SyncProgress<ExperimentUpdate> Progress(WorkItem item, DateTimeOffset started)
    {
        var sweep = grains.GetGrain<ISweepGrain>(item.SweepId);
        var model = item.Baseline.Model;
        var siloName = Info.Silo;
        return new Engine.SyncProgress<ExperimentUpdate>(update =>
        {
            if (update.ImagesPerSecond is { } speed)
            {
                telemetry.Throughput(model, update.Phase, speed);
            }

            sweep.ReportUpdateAsync(update with { ExperimentId = item.Id, Silo = siloName, StartedUtc = started }).Ignore();
        });
    }

    private static async Task WaitAsync(Task task)
    {
        try
        {
            await task;
        }
        catch (OperationCanceledException)
        {
        }
    }

    private sealed class Run(Lease lease, CancellationTokenSource cancellation)
    {
        private volatile bool lost;

        public Lease Lease { get; } = lease;

        public CancellationTokenSource Cancellation { get; } = cancellation;

        public Task Task { get; set; } = Task.CompletedTask;

        private int slotHeld = 1;

        private volatile bool started;

        /// <summary>True once a pool slot began the work (false while it waits in the pool, leased ahead).</summary>
        public bool Started
        {
            get => started;
            set => started = value;
        }

        /// <summary>True the first time: the run gives its worker slot back once.</summary>
        public bool TryFreeSlot() => Interlocked.Exchange(ref slotHeld, 0) == 1;

        /// <summary>True once the work is over (its slot given back), while its outcome may still be recording.</summary>
        public bool WorkEnded => Volatile.Read(ref slotHeld) == 0;

        /// <summary>The queue gave the lease up (it expired): the work is abandoned without a report.</summary>
        public bool Lost
        {
            get => lost;
            set => lost = value;
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Silo leaving: {Running} experiments get {Grace} to finish before they are handed back")]
    private static partial void LogLeaving(ILogger logger, int running, TimeSpan grace);

    [LoggerMessage(Level = LogLevel.Warning, Message = "The work queue is unreachable; trying again in {Delay}")]
    private static partial void LogQueueUnreachable(ILogger logger, Exception exception, TimeSpan delay);

    [LoggerMessage(Level = LogLevel.Warning, Message = "The lease on {ItemId} was lost (it expired); its work is abandoned here")]
    private static partial void LogLeaseLost(ILogger logger, string itemId);

    [LoggerMessage(Level = LogLevel.Information, Message = "The queue dropped the lease on {ItemId} after its work ended (its sweep completed, or the lease expired while the outcome was being recorded)")]
    private static partial void LogLeaseDroppedAfterWork(ILogger logger, string itemId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Experiment {ExperimentId} handed back by {Silo}, which is leaving")]
    private static partial void LogHandedBack(ILogger logger, string experimentId, string silo);

    [LoggerMessage(Level = LogLevel.Error, Message = "Work on {ItemId} failed unexpectedly")]
    private static partial void LogRunFailed(ILogger logger, Exception exception, string itemId);
}
