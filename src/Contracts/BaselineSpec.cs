using System.Globalization;

namespace QuantGrid.Contracts;

/// <summary>A float baseline: the model trained from a seed with the settings that determine its weights.</summary>
[GenerateSerializer, Immutable, Alias("QuantGrid.BaselineSpec")]
public sealed record BaselineSpec(
    [property: Id(0)] string Model,
    [property: Id(1)] int Seed,
    [property: Id(2)] ExperimentSettings Settings)
{
    /// <summary>Grain key: model, seed, and a hash of dataset and training settings, validation split and recipe included (not the quantization ones).</summary>
    public string Key => string.Create(
        CultureInfo.InvariantCulture,
        $"{Model}-s{Seed}-{StableId.Hash($"{Model};{Seed};{Settings.Dataset};{Settings.Epochs};{Settings.BatchSize};{Settings.TrainLimit}{(Settings.Validation == 0 ? "" : $";validation={Settings.Validation}")}{Settings.RecipeSuffix}")}");
}
