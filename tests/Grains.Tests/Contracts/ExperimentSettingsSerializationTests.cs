using Microsoft.Extensions.DependencyInjection;
using Orleans.Serialization;
using Orleans.Storage;
using QuantGrid.Contracts;

namespace QuantGrid.Grains.Tests.Contracts;

public sealed class ExperimentSettingsSerializationTests
{
    private static readonly EarlySettings Early = new("fashion-mnist", 3, 1, 10_000, 2_000, 128, "percentile", "eightbit", null, "nearest");

    /// <summary><see cref="Early"/> as today's settings: every later field at its default.</summary>
    private static readonly ExperimentSettings EarlyWithTodaysDefaults =
        new(Epochs: 3, QatEpochs: 1, TrainLimit: 10_000, TestLimit: 2_000, Calibration: "percentile", Rounding: "nearest");

    [Fact]
    public void Settings_written_before_the_later_fields_existed_read_back_with_their_defaults()
    {
        using var services = new ServiceCollection().AddSerializer().BuildServiceProvider();
        var serializer = services.GetRequiredService<Serializer>();

        var read = serializer.Deserialize<ExperimentSettings>(serializer.SerializeToArray(Early));

        Assert.NotNull(read);
        Assert.Equal(EarlyWithTodaysDefaults, read);
        Assert.Equal(ExperimentSettings.PlainRecipe, read.Recipe);
        Assert.True(read.EvaluateTest);
        Assert.Equal("none", read.Export);
    }

    [Fact]
    public void Settings_stored_as_json_by_a_cluster_before_the_later_fields_existed_read_back_with_their_defaults()
    {
        using var services = new ServiceCollection()
            .AddSerializer()
            .AddSingleton<OrleansJsonSerializer>()
            .AddSingleton<IGrainStorageSerializer, JsonGrainStorageSerializer>()
            .BuildServiceProvider();
        var storage = services.GetRequiredService<IGrainStorageSerializer>();

        var json = System.Text.Json.Nodes.JsonNode.Parse(storage.Serialize(Early).ToString())!.AsObject();
        json.Remove("$type");

        var read = storage.Deserialize<ExperimentSettings>(BinaryData.FromString(json.ToJsonString()));

        Assert.Equal(EarlyWithTodaysDefaults, read);
    }

    [Fact]
    public void Settings_round_trip_with_every_field_away_from_its_default()
    {
        using var services = new ServiceCollection().AddSerializer().BuildServiceProvider();
        var serializer = services.GetRequiredService<Serializer>();
        var settings = new ExperimentSettings("mnist", 7, 3, 500, 400, 64, "mse", "uniform", 6, "adaround", "onnx", 5_000, false, "augmented", true);

        Assert.Equal(settings, serializer.Deserialize<ExperimentSettings>(serializer.SerializeToArray(settings)));
    }
}

/// <summary>The fields <see cref="ExperimentSettings"/> had when the first sweeps were stored (ids 0–9).</summary>
[GenerateSerializer]
internal sealed record EarlySettings(
    [property: Id(0)] string Dataset,
    [property: Id(1)] int Epochs,
    [property: Id(2)] int QatEpochs,
    [property: Id(3)] int? TrainLimit,
    [property: Id(4)] int? TestLimit,
    [property: Id(5)] int BatchSize,
    [property: Id(6)] string Calibration,
    [property: Id(7)] string EdgeLayers,
    [property: Id(8)] int? ActivationBits,
    [property: Id(9)] string Rounding);
