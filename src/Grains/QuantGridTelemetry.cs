using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using QuantGrid.Contracts;

namespace QuantGrid.Grains;

/// <summary>QuantGrid's metrics (meter <c>QuantGrid</c>), exported by every silo's <c>/metrics</c>. Labels are bounded: no experiment ids.</summary>
public sealed class QuantGridTelemetry : IDisposable
{
    public const string MeterName = "QuantGrid";

    private readonly Meter meter;
    private readonly Counter<long> experiments;
    private readonly Histogram<double> duration;
    private readonly Counter<long> baselines;
    private readonly Counter<long> retries;
    private readonly Counter<long> duplicates;
    private readonly ConcurrentDictionary<string, (int Done, int Total, int Failed)> sweeps = new();
    private readonly ConcurrentDictionary<(string Model, string Method, int Bits), double> accuracy = new();
    private readonly ConcurrentDictionary<(string Model, string Phase), double> throughput = new();

    public QuantGridTelemetry(IMeterFactory meterFactory, Workers.WorkerPool pool)
    {
        meter = meterFactory.Create(MeterName);
        experiments = meter.CreateCounter<long>("quantgrid.experiments", "{experiment}", "Experiments that started or finished, by state, model, method and bits.");
        duration = meter.CreateHistogram<double>("quantgrid.experiment.duration", "s", "Wall time of finished experiments.");
        baselines = meter.CreateCounter<long>("quantgrid.baselines", "{baseline}", "Float baseline requests, by outcome (trained or reused).");
        retries = meter.CreateCounter<long>("quantgrid.retries", "{retry}", "Retries of transient faults, by exception type.");
        duplicates = meter.CreateCounter<long>("quantgrid.results.duplicates", "{report}", "Result reports ignored because the experiment already had a result.");
        retries.Add(0);
        duplicates.Add(0);
        baselines.Add(0, new KeyValuePair<string, object?>("outcome", "trained"));
        baselines.Add(0, new KeyValuePair<string, object?>("outcome", "reused"));
        meter.CreateObservableGauge("quantgrid.worker.slots.busy", () => pool.Busy, "{slot}", "Worker slots running an experiment on this silo.");
        meter.CreateObservableGauge("quantgrid.worker.slots.capacity", () => pool.Total, "{slot}", "Worker slots on this silo.");
        meter.CreateObservableGauge("quantgrid.worker.queued", () => pool.Queued, "{experiment}", "Experiments waiting for a worker slot on this silo.");
        meter.CreateObservableGauge("quantgrid.sweep.experiments.done", () => sweeps.Select(s => new Measurement<int>(s.Value.Done, new KeyValuePair<string, object?>("sweep", s.Key))), "{experiment}", "Finished experiments of each sweep active on this silo.");
        meter.CreateObservableGauge("quantgrid.sweep.size", () => sweeps.Select(s => new Measurement<int>(s.Value.Total, new KeyValuePair<string, object?>("sweep", s.Key))), "{experiment}", "Experiments of each sweep active on this silo.");
        meter.CreateObservableGauge("quantgrid.sweep.experiments.failed", () => sweeps.Select(s => new Measurement<int>(s.Value.Failed, new KeyValuePair<string, object?>("sweep", s.Key))), "{experiment}", "Failed experiments of each sweep active on this silo.");
        meter.CreateObservableGauge(
            "quantgrid.experiment.accuracy",
            () => accuracy.Select(a => new Measurement<double>(a.Value, new("model", a.Key.Model), new("method", a.Key.Method), new("bits", a.Key.Bits))),
            "1",
            "Top-1 accuracy (0..1) of the last finished experiment per model, method and bits.");
        meter.CreateObservableGauge(
            "quantgrid.training.throughput",
            () => throughput.Select(t => new Measurement<double>(t.Value, new("model", t.Key.Model), new("phase", t.Key.Phase))),
            "{image}/s",
            "Training images per second last reported on this silo, per model and phase (float training or QAT).");
    }

    public void ExperimentChanged(ExperimentSpec spec, ExperimentStatus state) =>
        experiments.Add(1, new("state", state.ToString().ToLowerInvariant()), new("model", spec.Model), new("method", spec.Method.ToString().ToLowerInvariant()), new("bits", spec.Bits));

    public void ExperimentFinished(ExperimentResult result)
    {
        ExperimentChanged(result.Spec, result.Status);
        if (result.Accuracy is { } value)
        {
            accuracy[(result.Spec.Model, result.Spec.Method.ToString().ToLowerInvariant(), result.Spec.Bits)] = value;
        }

        duration.Record(result.DurationSeconds, new("model", result.Spec.Model), new("method", result.Spec.Method.ToString().ToLowerInvariant()));
    }

    public void SweepProgress(SweepStatus status) => sweeps[status.SweepId] = (status.Done, status.Total, status.Failed);

    public void SweepDeactivated(string sweepId) => sweeps.TryRemove(sweepId, out _);

    public void Throughput(string model, string phase, double imagesPerSecond) => throughput[(model, phase)] = imagesPerSecond;

    public void Baseline(bool trained) => baselines.Add(1, new KeyValuePair<string, object?>("outcome", trained ? "trained" : "reused"));

    public void Retried(string exceptionType) => retries.Add(1, new KeyValuePair<string, object?>("exception", exceptionType));

    public void DuplicateResult() => duplicates.Add(1);

    public void Dispose() => meter.Dispose();
}
