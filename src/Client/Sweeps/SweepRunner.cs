using System.Collections.Immutable;
using Polly;
using Polly.Retry;
using QuantGrid.Contracts;
using Spectre.Console;

namespace QuantGrid.Client.Sweeps;

/// <summary>Starts (or attaches to) a sweep, follows its progress, and returns its results when it completes.</summary>
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

    /// <summary>
    /// Starts the sweep (resuming it when it exists) and follows it to the end; <paramref name="probedSpeeds"/>, timed
    /// here before it starts, give its ETA each model's speed until the model's float training reports its own.
    /// </summary>
    public static async Task<ImmutableArray<ExperimentResult>> RunAsync(
        IClusterClient client, SweepSpec spec, int priority, CliConsole console, SweepDisplay display, CancellationToken cancellationToken, MeasuredSpeeds? probedSpeeds = null)
    {
        var sweep = client.GetGrain<ISweepGrain>(spec.Id);
        return await FollowAsync(
            client,
            sweep,
            async () =>
            {
                if (probedSpeeds is not null)
                {
                    await Call(() => sweep.ReportProbedSpeedsAsync(probedSpeeds.ImagesPerSecond.ToImmutableDictionary()));
                }

                return await Call(() => sweep.StartAsync(spec, priority));
            },
            console,
            display,
            cancellationToken);
    }

    /// <summary>Follows a sweep that another process runs until it completes (<c>status --watch</c>).</summary>
    public static async Task<ImmutableArray<ExperimentResult>> WatchAsync(IClusterClient client, ISweepGrain sweep, CliConsole console, SweepDisplay display, CancellationToken cancellationToken) =>
        await FollowAsync(client, sweep, () => Call(sweep.GetStatusAsync), console, display, cancellationToken);

    public static async Task<T> Call<T>(Func<Task<T>> call) => await Calls.ExecuteAsync(async _ => await call());

    public static async Task Call(Func<Task> call) => await Calls.ExecuteAsync(async _ => await call());

    private static async Task<ImmutableArray<ExperimentResult>> FollowAsync(IClusterClient client, ISweepGrain sweep, Func<Task<SweepStatus>> begin, CliConsole console, SweepDisplay display, CancellationToken cancellationToken)
    {
        var observer = new SweepObserver();
        var reference = client.CreateObjectReference<ISweepObserver>(observer);
        await Call(() => sweep.SubscribeAsync(reference));
        try
        {
            var status = await begin();
            if (display.Live && console.Live is { } live)
            {
                await live.Progress()
                    .AutoClear(false)
                    .HideCompleted(true)
                    .Columns(new TaskDescriptionColumn { Alignment = Justify.Left }, new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn())
                    .StartAsync(context => LoopAsync(sweep, reference, observer, status, new LiveSweepView(context, console.Error), cancellationToken));
            }
            else
            {
                await LoopAsync(sweep, reference, observer, status, new LogSweepView(display.Lines, display.Heartbeat, () => DateTimeOffset.UtcNow), cancellationToken);
            }

            return await Call(sweep.GetResultsAsync);
        }
        finally
        {
            await Call(() => sweep.UnsubscribeAsync(reference));
            client.DeleteObjectReference<ISweepObserver>(reference);
        }
    }

    private static async Task LoopAsync(ISweepGrain sweep, ISweepObserver reference, SweepObserver observer, SweepStatus status, ISweepView view, CancellationToken cancellationToken)
    {
        var resubscribe = DateTime.UtcNow.AddMinutes(1);
        view.Status(status);
        foreach (var result in await Call(sweep.GetResultsAsync))
        {
            view.Result(result, replay: true);
        }

        foreach (var update in await Call(sweep.GetRunningAsync))
        {
            view.Update(update);
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
            view.Tick(DateTimeOffset.UtcNow);
            if (DateTime.UtcNow > resubscribe)
            {
                await Call(() => sweep.SubscribeAsync(reference));
                resubscribe = DateTime.UtcNow.AddMinutes(1);
            }
        }

        foreach (var result in await Call(sweep.GetResultsAsync))
        {
            view.Result(result, replay: false);
        }
    }
}
