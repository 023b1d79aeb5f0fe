using System.Diagnostics;
using QuantGrid.Engine.Data;
using QuantGrid.Engine.Runtime;
using QuantGrid.Engine.Storage;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace QuantGrid.Engine.Training;

/// <summary>Trains a classifier with cross-entropy on a split held in memory.</summary>
public static class Trainer
{
    /// <summary>
    /// Trains <paramref name="model"/> in place. Deterministic for a given seed, data and thread count. With a
    /// <paramref name="teacher"/>, the targets are the teacher's predicted class probabilities on the same
    /// (augmented) batch instead of the labels (knowledge distillation; the teacher is not trained).
    /// With <paramref name="resume"/>, the state after every epoch but the last is saved there, and a run that finds
    /// a saved state of the same settings continues after its epoch: the weights are those of an uninterrupted run.
    /// </summary>
    /// <exception cref="TrainingDivergedException">The loss became NaN or infinite.</exception>
    /// <exception cref="OperationCanceledException">Cancelled; the model holds the weights of the last finished batch.</exception>
    public static TrainingReport Train(
        nn.Module<Tensor, Tensor> model,
        LabelledImages train,
        TrainingOptions options,
        double defaultLearningRate,
        IProgress<TrainingProgress>? progress = null,
        nn.Module<Tensor, Tensor>? teacher = null,
        TrainingResumeFile? resume = null,
        CancellationToken cancellationToken = default)
    {
        TorchRuntime.EnsureInitialized();
        options.Validate();
        if (options.Threads > 0)
        {
            set_num_threads(options.Threads);
        }

        var device = DeviceSelector.Resolve(options.Device);
        model.to(device);
        model.train();
        if (teacher is not null)
        {
            teacher.to(device);
            teacher.eval();
        }

        var batches = (train.Count + options.BatchSize - 1) / options.BatchSize;
        var peak = options.LearningRate ?? defaultLearningRate;
        using var optimizer = CreateOptimizer(model, options, peak);
        var totalSteps = options.Epochs * batches;
        var restored = resume?.TryRestore(model, optimizer) is { } point && point.EpochsDone < options.Epochs ? point : null;
        var step = (restored?.EpochsDone ?? 0) * batches;
        var clock = Stopwatch.StartNew();
        long images = 0;
        var lastLoss = restored?.LastLoss ?? double.NaN;

        for (var epoch = (restored?.EpochsDone ?? 0) + 1; epoch <= options.Epochs; epoch++)
        {
            var augmentation = options.Augment ? new Augmentation(options.Seed, epoch) : null;
            using var order = tensor(Subsets.Shuffle(train.Count, options.Seed, epoch));
            for (var batch = 0; batch < batches; batch++)
            {
                cancellationToken.ThrowIfCancellationRequested();
                using var scope = NewDisposeScope();
                var start = batch * options.BatchSize;
                var indices = order.narrow(0, start, Math.Min(options.BatchSize, train.Count - start));
                var x = train.Images.index_select(0, indices).to(device);
                x = augmentation?.Apply(x) ?? x;
                var y = train.Labels.index_select(0, indices).to(device);
                SetLearningRate(optimizer, LearningRates.At(options.Schedule, step++, totalSteps, peak));
                optimizer.zero_grad();
                var loss = teacher is null ? Loss(model.forward(x), y, options.LabelSmoothing) : Distillation(model.forward(x), Soft(teacher, x));
                lastLoss = loss.item<float>();
                if (!double.IsFinite(lastLoss))
                {
                    throw new TrainingDivergedException($"loss became {lastLoss} at epoch {epoch}, batch {batch + 1}");
                }

                loss.backward();
                optimizer.step();
                images += indices.shape[0];
                progress?.Report(new TrainingProgress(epoch, options.Epochs, batch + 1, batches, lastLoss, images / clock.Elapsed.TotalSeconds));
            }

            if (resume is not null && epoch < options.Epochs)
            {
                resume.Save(model, optimizer, new TrainingResumePoint(epoch, (restored?.Images ?? 0) + images, (restored?.Seconds ?? 0) + clock.Elapsed.TotalSeconds, lastLoss));
            }
        }

        model.eval();
        return new TrainingReport(options.Epochs, (restored?.Images ?? 0) + images, (restored?.Seconds ?? 0) + clock.Elapsed.TotalSeconds, lastLoss, restored?.EpochsDone ?? 0);
    }

    /// <summary>Cross-entropy against labels smoothed by <paramref name="smoothing"/>: (1 − ε)·NLL + ε·mean over classes of −log p.</summary>
    public static Tensor Loss(Tensor logits, Tensor labels, double smoothing)
    {
        if (smoothing == 0)
        {
            return nn.functional.cross_entropy(logits, labels);
        }

        var logProbabilities = nn.functional.log_softmax(logits, 1);
        var nll = nn.functional.nll_loss(logProbabilities, labels);
        var uniform = -logProbabilities.mean([1]).mean();
        return ((1 - smoothing) * nll) + (smoothing * uniform);
    }

    /// <summary>Cross-entropy of the student's predictions against the teacher's class probabilities.</summary>
    public static Tensor Distillation(Tensor logits, Tensor teacherProbabilities) =>
        -(teacherProbabilities * nn.functional.log_softmax(logits, 1)).sum([1]).mean();

    private static Tensor Soft(nn.Module<Tensor, Tensor> teacher, Tensor x)
    {
        using var noGrad = no_grad();
        return nn.functional.softmax(teacher.forward(x), 1);
    }

    private static OptimizerHelper CreateOptimizer(nn.Module<Tensor, Tensor> model, TrainingOptions options, double peak) => options.Optimizer switch
    {
        OptimizerKind.Sgd => optim.SGD(model.parameters(), peak, momentum: 0.9, weight_decay: options.WeightDecay, nesterov: true),
        _ => optim.AdamW(model.parameters(), peak, weight_decay: options.WeightDecay),
    };

    private static void SetLearningRate(optim.Optimizer optimizer, double rate)
    {
        foreach (var group in optimizer.ParamGroups)
        {
            group.LearningRate = rate;
        }
    }
}
