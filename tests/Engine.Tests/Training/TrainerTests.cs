using QuantGrid.Engine.Data;
using QuantGrid.Engine.Models;
using QuantGrid.Engine.Storage;
using QuantGrid.Engine.Training;
using TorchSharp;
using static TorchSharp.torch;

namespace QuantGrid.Engine.Tests.Training;

public sealed class TrainerTests
{
    private static readonly TrainingOptions Quick = new() { Epochs = 1, BatchSize = 64, Seed = 5, Threads = 1, Device = "cpu" };

    [Fact]
    public void Same_seed_data_and_threads_give_identical_weights()
    {
        using var data = TestData.LoadFashion(trainLimit: 640, testLimit: 10);

        var first = TrainCnn(data.Train, Quick);
        var second = TrainCnn(data.Train, Quick);
        var otherSeed = TrainCnn(data.Train, Quick with { Seed = 6 });

        Assert.Equal(first, second);
        Assert.NotEqual(first, otherSeed);
    }

    [Fact]
    public void Short_training_on_a_subset_lands_far_above_chance()
    {
        using var data = TestData.LoadFashion(trainLimit: 4000, testLimit: 1000);
        using var model = ModelRegistry.Create("cnn", seed: 0);

        var report = Trainer.Train(model, data.Train, Quick with { Epochs = 3 }, ModelRegistry.Get("cnn").DefaultLearningRate);
        var evaluation = Evaluator.Evaluate(model, data.Test, latencySamples: 3, device: "cpu");

        Assert.Equal(12_000, report.Images);
        Assert.True(evaluation.Accuracy > 0.6, $"accuracy {evaluation.Accuracy:P1} should be far above the 10 % of chance");
        Assert.Equal(1000, evaluation.Total);
        Assert.True(evaluation.MillisecondsPerImageSingle > 0);
    }

    [Theory]
    [InlineData(100)]
    [InlineData(500)]
    public void Runs_of_a_few_batches_train_without_diverging(int images)
    {
        using var data = TestData.LoadFashion(trainLimit: images, testLimit: 10);
        using var model = ModelRegistry.Create("cnn", seed: 0);

        var report = Trainer.Train(model, data.Train, Quick with { BatchSize = 128 }, ModelRegistry.Get("cnn").DefaultLearningRate);

        Assert.True(double.IsFinite(report.FinalLoss));
    }

    [Fact]
    public void An_epoch_leaks_no_tensors()
    {
        using var data = TestData.LoadFashion(trainLimit: 640, testLimit: 10);
        using var model = ModelRegistry.Create("cnn", seed: 0);
        var info = ModelRegistry.Get("cnn");
        Trainer.Train(model, data.Train, Quick, info.DefaultLearningRate);
        var before = DisposeScopeManager.Statistics.ThreadTotalLiveCount;

        Trainer.Train(model, data.Train, Quick with { Epochs = 2 }, info.DefaultLearningRate);

        Assert.InRange(DisposeScopeManager.Statistics.ThreadTotalLiveCount - before, -5, 5);
    }

    [Fact]
    public void Divergence_is_reported_not_crashed()
    {
        using var data = TestData.LoadFashion(trainLimit: 640, testLimit: 10);
        using var model = ModelRegistry.Create("cnn", seed: 0);

        using (no_grad())
        {
            model.parameters().First().fill_(float.NaN);
        }

        var error = Assert.Throws<TrainingDivergedException>(() => Trainer.Train(model, data.Train, Quick, 0.01));

        Assert.Contains("loss became", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Cancellation_stops_training()
    {
        using var data = TestData.LoadFashion(trainLimit: 640, testLimit: 10);
        using var model = ModelRegistry.Create("cnn", seed: 0);
        using var cancel = new CancellationTokenSource();
        var progress = new SyncProgress<TrainingProgress>(p =>
        {
            if (p.Batch == 2)
            {
                cancel.Cancel();
            }
        });

        Assert.Throws<OperationCanceledException>(() => Trainer.Train(model, data.Train, Quick, 0.01, progress, cancellationToken: cancel.Token));
    }

    [Fact]
    public void The_augmented_recipe_is_deterministic_trains_other_weights_and_has_its_own_training_key()
    {
        using var data = TestData.LoadFashion(trainLimit: 640, testLimit: 10);
        var augmented = TrainingRecipe.Apply(Quick, TrainingRecipe.Augmented);

        var plain = TrainCnn(data.Train, Quick);
        var first = TrainCnn(data.Train, augmented);
        var second = TrainCnn(data.Train, augmented);

        Assert.Equal(first, second);
        Assert.NotEqual(plain, first);
        var key = FloatTraining.TrainingKey(new FloatTrainingRequest("cnn", DatasetInfo.FashionMnist, augmented));
        Assert.EndsWith(";augment=shift2-mirror;label-smoothing=0.1", key, StringComparison.Ordinal);
        Assert.DoesNotContain("augment", FloatTraining.TrainingKey(new FloatTrainingRequest("cnn", DatasetInfo.FashionMnist, TrainingRecipe.Apply(augmented, TrainingRecipe.Plain))), StringComparison.Ordinal);
        Assert.Throws<ArgumentException>(() => TrainingRecipe.Apply(Quick, "mixup"));
    }

    [Theory]
    [InlineData(0, 64)]
    [InlineData(1, 0)]
    public void Invalid_options_are_rejected(int epochs, int batchSize)
    {
        Assert.Throws<ArgumentException>(() => (Quick with { Epochs = epochs, BatchSize = batchSize }).Validate());
    }

    [Fact]
    public void An_interrupted_training_resumes_after_its_last_finished_epoch_with_the_weights_of_an_uninterrupted_run()
    {
        using var data = TestData.LoadFashion(trainLimit: 640, testLimit: 10);
        using var directory = new TempDirectory();
        var options = Quick with { Epochs = 3 };
        var resume = new TrainingResumeFile(directory.File("cnn.resume"), "key");
        var uninterrupted = TrainCnn(data.Train, options);

        using (var cancel = new CancellationTokenSource())
        using (var interrupted = ModelRegistry.Create("cnn", options.Seed))
        {
            var stopInThirdEpoch = new SyncProgress<TrainingProgress>(p =>
            {
                if (p.Epoch == 3)
                {
                    cancel.Cancel();
                }
            });
            Assert.Throws<OperationCanceledException>(() => Trainer.Train(interrupted, data.Train, options, 0.01, stopInThirdEpoch, resume: resume, cancellationToken: cancel.Token));
        }

        using var resumed = ModelRegistry.Create("cnn", options.Seed);
        var epochs = new List<int>();
        var report = Trainer.Train(resumed, data.Train, options, 0.01, new SyncProgress<TrainingProgress>(p => epochs.Add(p.Epoch)), resume: resume);

        Assert.Equal(2, report.ResumedAfterEpochs);
        Assert.Equal(3 * 640, report.Images);
        Assert.All(epochs, epoch => Assert.Equal(3, epoch));
        Assert.Equal(uninterrupted, Fingerprint(resumed));
    }

    [Fact]
    public void A_saved_state_of_other_settings_another_model_shape_or_a_damaged_one_is_ignored()
    {
        using var data = TestData.LoadFashion(trainLimit: 640, testLimit: 10);
        using var directory = new TempDirectory();
        var options = Quick with { Epochs = 2 };
        var path = directory.File("cnn.resume");
        var fresh = TrainCnn(data.Train, options);
        using (var saved = ModelRegistry.Create("cnn", options.Seed))
        {
            Trainer.Train(saved, data.Train, options, 0.01, resume: new TrainingResumeFile(path, "other settings"));
        }

        Assert.True(File.Exists(path));
        Assert.Equal(fresh, TrainCnn(data.Train, options, new TrainingResumeFile(path, "key")));
        using (var fiveClasses = ModelRegistry.Create("cnn", options.Seed, classes: 5))
        using (var optimizer = optim.AdamW(fiveClasses.parameters()))
        {
            var before = Fingerprint(fiveClasses);
            Assert.Null(new TrainingResumeFile(path, "other settings").TryRestore(fiveClasses, optimizer));
            Assert.Equal(before, Fingerprint(fiveClasses));
        }

        var bytes = File.ReadAllBytes(path);
        bytes[^1] ^= 0xFF;
        File.WriteAllBytes(path, bytes);
        Assert.Equal(fresh, TrainCnn(data.Train, options, new TrainingResumeFile(path, "other settings")));
    }

    private static string TrainCnn(LabelledImages train, TrainingOptions options, TrainingResumeFile? resume = null)
    {
        using var model = ModelRegistry.Create("cnn", options.Seed);
        var report = Trainer.Train(model, train, options, 0.01, resume: resume);
        Assert.Equal(0, report.ResumedAfterEpochs);
        return Fingerprint(model);
    }

    private static string Fingerprint(nn.Module<Tensor, Tensor> model)
    {
        using var scope = NewDisposeScope();
        return string.Join(',', model.parameters().Select(p => p.sum().item<float>().ToString("R", System.Globalization.CultureInfo.InvariantCulture)))
            + string.Join(',', model.parameters().Select(p => p.abs().sum().item<float>().ToString("R", System.Globalization.CultureInfo.InvariantCulture)));
    }
}
