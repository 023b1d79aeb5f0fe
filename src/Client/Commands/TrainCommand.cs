using System.CommandLine;
using QuantGrid.Engine.Storage;
using QuantGrid.Engine.Training;

namespace QuantGrid.Client.Commands;

/// <summary><c>quantgrid train --model cnn …</c>: trains a float model, evaluates it, saves the checkpoint.</summary>
internal static class TrainCommand
{
    public static Command Create(CliConsole console)
    {
        var model = CommonOptions.Model();
        var artifacts = CommonOptions.Artifacts("Artifact directory for checkpoints.");
        var noSave = new Option<bool>("--no-save") { Description = "Do not write a checkpoint." };
        var json = CommonOptions.Json();
        var validation = CommonOptions.Validation(0, "Hold out N training images as a fixed, stratified validation split and report the accuracy on it too (0: none); choose recipes on it, not on the test set.");
        var training = new TrainingOptionSet();
        var command = new Command("train", "Train a float model on the training split and evaluate it on the test split.") { model, artifacts, noSave, json, validation };
        training.AddTo(command);

        command.SetAction(async (parse, cancellationToken) =>
        {
            var request = training.ReadRequest(parse, parse.GetValue(model)!, parse.GetValue(validation));
            if (!parse.GetValue(noSave))
            {
                request = request with { CheckpointPath = ArtifactPaths.FloatCheckpoint(parse.GetValue(artifacts)!, request) };
            }

            var result = ExperimentProgressView.Run(
                console,
                !parse.GetValue(json),
                $"{request.Model} on {request.Dataset.Name}",
                progress => FloatTraining.Run(request, ExperimentProgressView.ForTraining(progress), cancellationToken));

            var summary = new TrainSummary(
                result.Model,
                request.Dataset.Name,
                request.Training.Seed,
                result.Training.Epochs,
                parse.GetValue(training.Recipe)!,
                Math.Round(result.Evaluation.Accuracy * 100, 2),
                result.Validation is { } held ? Math.Round(held.Accuracy * 100, 2) : null,
                result.Parameters,
                result.TrainImages,
                result.Evaluation.Total,
                Math.Round(result.Training.Seconds, 2),
                Math.Round(result.Training.ImagesPerSecond, 1),
                Math.Round(result.Evaluation.MillisecondsPerImageSingle, 3),
                Math.Round(result.Evaluation.MillisecondsPerImageBatched, 4),
                result.CheckpointPath);

            await console.Out.WriteLineAsync(parse.GetValue(json)
                ? JsonOutput.Serialize(summary with { Checkpoint = summary.Checkpoint is { } path ? Path.GetRelativePath(parse.GetValue(artifacts)!, path) : null })
                : summary.ToText());
            return ExitCodes.Success;
        });
        return command;
    }
}
