using System.Collections.Immutable;
using Polly;
using Polly.Retry;
using QuantGrid.Contracts;
using Spectre.Console;

namespace QuantGrid.Client.Sweeps;

/// <summary>Starts (or attaches to) a sweep, shows its progress live, and returns its results when it completes.</summary>
internal static class SweepRunner
{
    /// <summary>Calls to the cluster survive a silo failure: transient faults are retried for about a minute.</summary>
    private static readonly ResiliencePipeline Calls = new ResiliencePipelineBuilder()
        .AddRetry(new RetryStrategyOptions
        {
            ShouldHandle = new PredicateBuilder().Handle<Exception>(ex => Grains.Resilience.IsTransient(ex) || ex is OrleansException),
            MaxRetryAttempts = 12,
            BackoffType = DelayBackoffType.Exponential,
            UseJitter = true,
            Delay = TimeSpan.FromMilliseconds(250),
            MaxDelay = TimeSpan.FromSeconds(8),
        })
        .Build();

    public static async Task<ImmutableArray<ExperimentResult>> RunAsync(IClusterClient client, SweepSpec spec, CliConsole console, bool showProgress, CancellationToken cancellationToken)
    {
        var sweep = client.GetGrain<ISweepGrain>(spec.Id);
        var observer = new SweepObserver();
        var reference = client.CreateObjectReference<ISweepObserver>(observer);
        await Call(() => sweep.SubscribeAsync(reference));
        try
        {
            var status = await Call(() => sweep.StartAsync(spec));
            if (showProgress && console.Live is { } live)
            {
                await live.Progress()
                    .AutoClear(false)
                    .HideCompleted(true)
                    .Columns(new TaskDescriptionColumn { Alignment = Justify.Left }, new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn())
                    .StartAsync(context => FollowAsync(sweep, reference, observer, status, new LiveView(context, console.Error), cancellationToken));
            }
            else
            {
                await FollowAsync(sweep, reference, observer, status, new LineView(showProgress ? console.Error : null, status.Total), cancellationToken);
            }

            return await Call(sweep.GetResultsAsync);
        }
        finally
        {
            await Call(() => sweep.UnsubscribeAsync(reference));
            client.DeleteObjectReference<ISweepObserver>(reference);
        }
    }

    private static async Task FollowAsync(ISweepGrain sweep, ISweepObserver reference, SweepObserver observer, SweepStatus status, IView view, CancellationToken cancellationToken)
    {
        var resubscribe = DateTime.UtcNow.AddMinutes(1);
        view.Status(status);
        foreach (var result in await Call(sweep.GetResultsAsync))
        {
            view.Result(result, replay: true);
        }

        while (!status.IsComplete)
        {
            using var tick = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            tick.CancelAfter(TimeSpan.FromSeconds(1));
            try
            {
                while (await observer.Events.Reader.WaitToReadAsync(tick.Token))
                {
                    while (observer.Events.Reader.TryRead(out var item))
                    {
                        switch (item)
                        {
                            case ExperimentResult result:
                                view.Result(result, replay: false);
                                break;
                            case ExperimentUpdate update:
                                view.Update(update);
                                break;
                            default:
                                break;
                        }
                    }
                }
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
            }

            status = await Call(sweep.GetStatusAsync);
            view.Status(status);
            if (DateTime.UtcNow > resubscribe)
            {
                await Call(() => sweep.SubscribeAsync(reference));
                resubscribe = DateTime.UtcNow.AddMinutes(1);
            }
        }
    }

    private static async Task<T> Call<T>(Func<Task<T>> call) => await Calls.ExecuteAsync(async _ => await call());

    private static async Task Call(Func<Task> call) => await Calls.ExecuteAsync(async _ => await call());

    private interface IView
    {
        void Status(SweepStatus status);

        void Result(ExperimentResult result, bool replay);

        void Update(ExperimentUpdate update);
    }

    private sealed class LiveView(ProgressContext context, TextWriter error) : IView
    {
        private readonly ProgressTask overall = context.AddTask("sweep", maxValue: 1);
        private readonly Dictionary<string, ProgressTask> running = [];
        private readonly HashSet<string> finished = [];

        public void Status(SweepStatus status)
        {
            overall.MaxValue = Math.Max(1, status.Total);
            overall.Value = status.Done;
            overall.Description = Markup.Escape($"sweep: {status.Done}/{status.Total} done, {status.Failed} failed, {status.Running} running");
        }

        public void Result(ExperimentResult result, bool replay)
        {
            finished.Add(result.ExperimentId);
            if (running.Remove(result.ExperimentId, out var task))
            {
                task.Value = task.MaxValue;
            }

            if (!replay && result.Status == ExperimentStatus.Failed)
            {
                error.WriteLine($"FAILED {result.ExperimentId}: {result.Error}");
            }
        }

        public void Update(ExperimentUpdate update)
        {
            if (finished.Contains(update.ExperimentId))
            {
                return;
            }

            if (!running.TryGetValue(update.ExperimentId, out var task))
            {
                task = context.AddTask(Markup.Escape(update.ExperimentId), maxValue: 1);
                running[update.ExperimentId] = task;
            }

            var epochs = update.Epochs > 0 ? $" epoch {update.Epoch}/{update.Epochs}" : "";
            var speed = update.ImagesPerSecond is { } s ? $" {s:N0} img/s" : "";
            task.Description = Markup.Escape($"  {update.ExperimentId} [{update.Silo}] {update.Phase}{epochs}{speed}");
            task.IsIndeterminate = update.Epochs == 0;
            if (update.Epochs > 0)
            {
                task.MaxValue = update.Epochs;
                task.Value = Math.Max(0, update.Epoch - 1);
            }
        }
    }

    private sealed class LineView(TextWriter? writer, int total) : IView
    {
        private readonly HashSet<string> seen = [];

        public void Status(SweepStatus status)
        {
        }

        public void Result(ExperimentResult result, bool replay)
        {
            if (!seen.Add(result.ExperimentId) || writer is null || replay)
            {
                return;
            }

            var outcome = result.Status == ExperimentStatus.Succeeded
                ? $"{result.Accuracy * 100:F2} % (float {result.FloatAccuracy * 100:F2} %), {result.ModelBytes:N0} bytes"
                : $"FAILED: {result.Error}";
            writer.WriteLine($"[{seen.Count}/{total}] {result.ExperimentId}: {outcome} on {result.Silo} in {result.DurationSeconds:F1} s");
        }

        public void Update(ExperimentUpdate update)
        {
        }
    }
}
