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
    private readonly ConcurrentDictionary<string, (int Done, int Total, int Failed, double? EtaSeconds)> sweeps = new();
    private QueueStats? queue;
    private readonly ConcurrentDictionary<(string Model, string Method, int Bits), double> accuracy = new();
    private readonly ConcurrentDictionary<(string Model, string Phase), double> throughput = new();
    private readonly ConcurrentDictionary<(string Model, string Method, int Bits, string Runtime, int Batch), double> latency = new();

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
        meter.CreateObservableGauge("quantgrid.queue.waiting", () => QueueMeasurement(q => q.Waiting), "{item}", "Work items waiting in the cluster-wide queue (exported only by the silo hosting it).");
        meter.CreateObservableGauge("quantgrid.queue.leased", () => QueueMeasurement(q => q.Leased), "{item}", "Work items leased to worker slots (exported only by the silo hosting the queue).");
        meter.CreateObservableGauge("quantgrid.queue.slots", () => QueueMeasurement(q => q.Slots), "{slot}", "Worker slots of the silos asking the queue for work (exported only by the silo hosting the queue).");
        meter.CreateObservableGauge("quantgrid.sweep.eta", () => sweeps.Where(s => s.Value.EtaSeconds is not null).Select(s => new Measurement<double>(s.Value.EtaSeconds!.Value, new KeyValuePair<string, object?>("sweep", s.Key))), "s", "Estimated time to completion of each sweep active on this silo (cost model scaled by measured speed).");
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
        meter.CreateObservableGauge(
            "quantgrid.inference.latency",
            () => latency.Select(l => new Measurement<double>(l.Value, new("model", l.Key.Model), new("method", l.Key.Method), new("bits", l.Key.Bits), new("runtime", l.Key.Runtime), new("batch", l.Key.Batch))),
            "s",
            "Median time per image in ONNX Runtime (runtime ort-int8 or ort-fp32, batch 1 or 64) of the last finished experiment exported to ONNX, per model, method and bits.");
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

        if (result.Onnx is { } onnx)
        {
            var key = (result.Spec.Model, result.Spec.Method.ToString().ToLowerInvariant(), result.Spec.Bits);
            foreach (var (runtime, batch, ms) in new[] { ("ort-fp32", 1, onnx.Fp32MsBatch1), ("ort-fp32", 64, onnx.Fp32MsBatch64), ("ort-int8", 1, onnx.Int8MsBatch1 ?? double.NaN), ("ort-int8", 64, onnx.Int8MsBatch64 ?? double.NaN) })
            {
                if (!double.IsNaN(ms))
                {
                    latency[(key.Model, key.Item2, key.Bits, runtime, batch)] = ms / 1000;
                }
            }
        }

        duration.Record(result.DurationSeconds, new("model", result.Spec.Model), new("method", result.Spec.Method.ToString().ToLowerInvariant()));
    }

    public void SweepProgress(SweepStatus status) => sweeps[status.SweepId] = (status.Done, status.Total, status.Failed, status.EtaSeconds);

    /// <summary>The work queue's counts, set by the silo that hosts the queue grain (null when it leaves this silo).</summary>
    public void Queue(QueueStats? stats) => Volatile.Write(ref queue, stats);

    public void SweepDeactivated(string sweepId) => sweeps.TryRemove(sweepId, out _);

    public void Throughput(string model, string phase, double imagesPerSecond) => throughput[(model, phase)] = imagesPerSecond;

    public void Baseline(bool trained) => baselines.Add(1, new KeyValuePair<string, object?>("outcome", trained ? "trained" : "reused"));

    public void Retried(string exceptionType) => retries.Add(1, new KeyValuePair<string, object?>("exception", exceptionType));

    public void DuplicateResult() => duplicates.Add(1);

    public void Dispose() => meter.Dispose();

    private IEnumerable<Measurement<int>> QueueMeasurement(Func<QueueStats, int> value) =>
        Volatile.Read(ref queue) is { } stats ? [new Measurement<int>(value(stats))] : [];
}
