using Polly;
using Polly.Retry;

namespace QuantGrid.Grains;

/// <summary>Retry for transient faults (storage, network, a lost silo): exponential backoff with jitter, capped; everything else fails fast.</summary>
public static class Resilience
{
    public static ResiliencePipeline Transient(QuantGridTelemetry telemetry, int maxRetries = 4) => new ResiliencePipelineBuilder()
        .AddRetry(new RetryStrategyOptions
        {
            ShouldHandle = new PredicateBuilder().Handle<Exception>(IsTransient),
            MaxRetryAttempts = maxRetries,
            BackoffType = DelayBackoffType.Exponential,
            UseJitter = true,
            Delay = TimeSpan.FromMilliseconds(200),
            MaxDelay = TimeSpan.FromSeconds(10),
            OnRetry = args =>
            {
                telemetry.Retried(args.Outcome.Exception?.GetType().Name ?? "unknown");
                return ValueTask.CompletedTask;
            },
        })
        .Build();

    /// <summary>Faults that may pass if tried again.</summary>
    public static bool IsTransient(Exception exception) => exception switch
    {
        TimeoutException => true,
        SiloUnavailableException => true,
        OrleansMessageRejectionException => true,
        Orleans.Storage.InconsistentStateException => false,
        IOException io => io is not FileNotFoundException and not DirectoryNotFoundException,
        _ => false,
    };
}
