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

    public QuantGridTelemetry(IMeterFactory meterFactory, Workers.WorkerPool pool)
    {
        meter = meterFactory.Create(MeterName);
        experiments = meter.CreateCounter<long>("quantgrid.experiments", "{experiment}", "Experiments that started or finished, by state, model, method and bits.");
        duration = meter.CreateHistogram<double>("quantgrid.experiment.duration", "s", "Wall time of finished experiments.");
        baselines = meter.CreateCounter<long>("quantgrid.baselines", "{baseline}", "Float baseline requests, by outcome (trained or reused).");
        retries = meter.CreateCounter<long>("quantgrid.retries", "{retry}", "Retries of transient faults, by exception type.");
        duplicates = meter.CreateCounter<long>("quantgrid.results.duplicates", "{report}", "Result reports ignored because the experiment already had a result.");
        meter.CreateObservableGauge("quantgrid.worker.slots.busy", () => pool.Busy, "{slot}", "Worker slots running an experiment on this silo.");
        meter.CreateObservableGauge("quantgrid.worker.slots.total", () => pool.Total, "{slot}", "Worker slots on this silo.");
        meter.CreateObservableGauge("quantgrid.worker.queued", () => pool.Queued, "{experiment}", "Experiments waiting for a worker slot on this silo.");
    }

    public void ExperimentChanged(ExperimentSpec spec, ExperimentStatus state) =>
        experiments.Add(1, new("state", state.ToString().ToLowerInvariant()), new("model", spec.Model), new("method", spec.Method.ToString().ToLowerInvariant()), new("bits", spec.Bits));

    public void ExperimentFinished(ExperimentResult result)
    {
        ExperimentChanged(result.Spec, result.Status);
        duration.Record(result.DurationSeconds, new("model", result.Spec.Model), new("method", result.Spec.Method.ToString().ToLowerInvariant()));
    }

    public void Baseline(bool trained) => baselines.Add(1, new KeyValuePair<string, object?>("outcome", trained ? "trained" : "reused"));

    public void Retried(string exceptionType) => retries.Add(1, new KeyValuePair<string, object?>("exception", exceptionType));

    public void DuplicateResult() => duplicates.Add(1);

    public void Dispose() => meter.Dispose();
}
