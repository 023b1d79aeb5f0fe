using System.CommandLine;
using QuantGrid.Engine.Data;
using QuantGrid.Engine.Training;

namespace QuantGrid.Client.Commands;

/// <summary>The options that describe a training run, added to a command together and read back as a request.</summary>
internal sealed class TrainingOptionSet
{
    public Option<string> Dataset { get; } = CommonOptions.Dataset();

    public Option<string?> Data { get; } = CommonOptions.Data();

    public Option<int> Seed { get; } = CommonOptions.Seed();

    public Option<int> Epochs { get; init; } = CommonOptions.Epochs(5);

    public Option<int?> TrainLimit { get; } = CommonOptions.TrainLimit();

    public Option<int?> TestLimit { get; } = CommonOptions.TestLimit();

    public Option<int> BatchSize { get; } = CommonOptions.BatchSize();

    public Option<double?> LearningRate { get; } = CommonOptions.LearningRate();

    public Option<OptimizerKind> Optimizer { get; } = CommonOptions.Optimizer();

    public Option<LearningRateSchedule> Schedule { get; } = CommonOptions.Schedule();

    public Option<int> Threads { get; } = CommonOptions.Threads();

    public Option<string> Device { get; } = CommonOptions.Device();

    public Option<string> Recipe { get; } = CommonOptions.Recipe();

    public void AddTo(Command command)
    {
        foreach (var option in new Option[] { Dataset, Data, Seed, Epochs, TrainLimit, TestLimit, BatchSize, LearningRate, Optimizer, Schedule, Threads, Device, Recipe })
        {
            command.Options.Add(option);
        }
    }

    public TrainingOptions ReadTraining(ParseResult parse) => TrainingRecipe.Apply(ReadOptions(parse), parse.GetValue(Recipe)!);

    private TrainingOptions ReadOptions(ParseResult parse) => new()
    {
        Epochs = parse.GetValue(Epochs),
        BatchSize = parse.GetValue(BatchSize),
        LearningRate = parse.GetValue(LearningRate),
        Optimizer = parse.GetValue(Optimizer),
        Schedule = parse.GetValue(Schedule),
        Seed = parse.GetValue(Seed),
        Threads = parse.GetValue(Threads),
        Device = parse.GetValue(Device)!,
    };

    public FloatTrainingRequest ReadRequest(ParseResult parse, string model, int validation = 0) => new(
        model,
        DatasetInfo.Parse(parse.GetValue(Dataset)!),
        ReadTraining(parse),
        parse.GetValue(Data),
        parse.GetValue(TrainLimit),
        parse.GetValue(TestLimit),
        Validation: validation);
}
