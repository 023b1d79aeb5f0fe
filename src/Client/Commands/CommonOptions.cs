using System.CommandLine;
using QuantGrid.Engine.Data;
using QuantGrid.Engine.Models;
using QuantGrid.Engine.Quantization;
using QuantGrid.Engine.Training;

namespace QuantGrid.Client.Commands;

/// <summary>Options shared by several commands, each validated with a one-line message.</summary>
internal static class CommonOptions
{
    public static Option<bool> Json() => new("--json") { Description = "Print one JSON document on stdout instead of text." };

    public static Option<string> Model()
    {
        var option = new Option<string>("--model") { Description = "cnn, mobilenet or vgg16.", Required = true };
        option.AcceptOnlyFromAmong([.. ModelRegistry.All.Select(m => m.Name)]);
        return option;
    }

    public static Option<string> Rounding()
    {
        var option = new Option<string>("--rounding") { Description = "PTQ weight rounding: auto (AdaRound for layers of at most 3 weight bits, nearest for wider ones), nearest, or adaround (every layer; learned per weight, layer by layer, slower).", DefaultValueFactory = _ => "auto" };
        option.AcceptOnlyFromAmong([.. RoundingOption.Names]);
        return option;
    }

    public static Option<string> Recipe()
    {
        var option = new Option<string>("--recipe")
        {
            Description = "How float models are trained: plain (images as they are) or augmented (random shifts of up to 2 pixels, left-right mirroring, label smoothing 0.1).",
            DefaultValueFactory = _ => TrainingRecipe.Plain,
        };
        option.AcceptOnlyFromAmong([.. TrainingRecipe.Names]);
        return option;
    }

    public static Option<int> Validation(int defaultValue, string description)
    {
        var option = new Option<int>("--validation") { Description = description, DefaultValueFactory = _ => defaultValue };
        option.Validators.Add(result =>
        {
            if (result.GetValueOrDefault<int>() is not (0 or (>= 100 and <= 30_000)))
            {
                result.AddError("--validation must be 0 or between 100 and 30000 images");
            }
        });
        return option;
    }

    public static Option<bool> Distill() => new("--distill")
    {
        Description = "QAT learns from the float model's predicted probabilities (knowledge distillation) instead of the labels; a third slower.",
    };

    public static Option<string> Artifacts(string description) => new("--artifacts") { Description = description, DefaultValueFactory = _ => "artifacts" };

    public static Option<string?> Data() => new("--data")
    {
        Description = $"Directory with the IDX files (default: ${DatasetLocator.EnvironmentVariable}, ./data/<dataset>, ../shared/data/<dataset>).",
    };

    public static Option<string> Dataset()
    {
        var option = new Option<string>("--dataset") { Description = "fashion-mnist or mnist.", DefaultValueFactory = _ => DatasetInfo.FashionMnist.Name };
        option.AcceptOnlyFromAmong([.. DatasetInfo.All.Select(d => d.Name)]);
        return option;
    }

    public static Option<int> Seed() => Ranged(new Option<int>("--seed") { Description = "Seed for weights and data order.", DefaultValueFactory = _ => 0 }, 0, int.MaxValue);

    public static Option<int> Epochs(int defaultValue) =>
        Ranged(new Option<int>("--epochs") { Description = "Training epochs over the (limited) training set.", DefaultValueFactory = _ => defaultValue }, 1, 1000);

    public static Option<int?> TrainLimit() => Limit("--train-limit", "Use a stratified subset of N training images.");

    public static Option<int?> TestLimit() => Limit("--test-limit", "Evaluate on a stratified subset of N test images (class by class, file order).");

    public static Option<int> BatchSize() => Ranged(new Option<int>("--batch-size") { Description = "Training batch size.", DefaultValueFactory = _ => 128 }, 1, 65536);

    public static Option<int> Threads() =>
        Ranged(new Option<int>("--threads") { Description = "Torch intra-op threads (0: one per core).", DefaultValueFactory = _ => 0 }, 0, 1024);

    public static Option<double?> LearningRate()
    {
        var option = new Option<double?>("--lr") { Description = "Peak learning rate (default: per model)." };
        option.Validators.Add(result =>
        {
            if (TryGet(() => result.GetValue(option)) is { } value && value is not (> 0 and <= 10))
            {
                result.AddError($"--lr must be in (0, 10], got {value}");
            }
        });
        return option;
    }

    public static Option<OptimizerKind> Optimizer() => new("--optimizer") { Description = "adamw or sgd.", DefaultValueFactory = _ => OptimizerKind.AdamW };

    public static Option<LearningRateSchedule> Schedule() =>
        new("--schedule") { Description = "onecycle, cosine or constant.", DefaultValueFactory = _ => LearningRateSchedule.OneCycle };

    public static Option<string> Device() => new("--device") { Description = "cpu, cuda, cuda:N or auto.", DefaultValueFactory = _ => "auto" };

    private static Option<int?> Limit(string name, string description)
    {
        var option = new Option<int?>(name) { Description = description };
        option.Validators.Add(result =>
        {
            if (TryGet(() => result.GetValue(option)) is < 1)
            {
                result.AddError($"{name} must be at least 1");
            }
        });
        return option;
    }

    private static Option<int> Ranged(Option<int> option, int min, int max)
    {
        option.Validators.Add(result =>
        {
            var value = TryGet<int?>(() => result.GetValue(option));
            if (value < min || value > max)
            {
                result.AddError($"{option.Name} must be between {min} and {max}, got {value}");
            }
        });
        return option;
    }

    /// <summary>The parsed value, or default when the token does not convert (the parser reports that error itself).</summary>
    private static T? TryGet<T>(Func<T?> read)
    {
        try
        {
            return read();
        }
        catch (InvalidOperationException)
        {
            return default;
        }
    }
}
