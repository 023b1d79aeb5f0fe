using QuantGrid.Engine.Data;
using QuantGrid.Engine.Quantization;
using QuantGrid.Engine.Training;

namespace QuantGrid.Engine.Experiments;

/// <summary>One experiment: (model, method, bits, seed) with every setting that determines its result.</summary>
/// <param name="Training">Float baseline training (its seed is the experiment's seed).</param>
/// <param name="QatEpochs">Fine-tuning epochs for <see cref="QuantMethod.Qat"/>.</param>
/// <param name="QatLearningRate">Peak QAT learning rate; null takes a tenth of the model's default.</param>
/// <param name="FloatCheckpointPath">The float checkpoint: reused when it exists and matches, else trained and written there.</param>
/// <param name="OutputPath">Where the packed model file goes (ignored for <see cref="QuantMethod.Float"/>).</param>
/// <param name="VerifyPacked">Read the packed file back and evaluate it; its accuracy is the one reported.</param>
/// <param name="Validation">Training images held out as the validation split; every accuracy is then also measured on it (0: none).</param>
/// <param name="EvaluateTest">False skips the test split (a choice made on validation data alone never looks at test accuracy).</param>
/// <param name="Distill">QAT learns from the float model's predicted probabilities (knowledge distillation) instead of the labels.</param>
/// <param name="OnnxPath">Where to export the model to ONNX (int8 QDQ; fp32 for a float experiment, with the fp32 reference beside an int8 file) and measure it with ONNX Runtime; null: no export.</param>
public sealed record ExperimentRequest(
    string Model,
    QuantMethod Method,
    DatasetInfo Dataset,
    TrainingOptions Training,
    QuantizationOptions Quantization,
    string FloatCheckpointPath,
    string OutputPath,
    int QatEpochs = 2,
    double? QatLearningRate = null,
    string? DataDirectory = null,
    int? TrainLimit = null,
    int? TestLimit = null,
    bool VerifyPacked = true,
    string? OnnxPath = null,
    int Validation = 0,
    bool EvaluateTest = true,
    bool Distill = false)
{
    public FloatTrainingRequest FloatRequest => new(Model, Dataset, Training, DataDirectory, TrainLimit, TestLimit, FloatCheckpointPath, Validation);

    /// <summary>Throws <see cref="ArgumentException"/> with a one-line reason.</summary>
    public void Validate()
    {
        Training.Validate();
        Quantization.Validate();
        if (!EvaluateTest && Validation == 0)
        {
            throw new ArgumentException("an experiment that skips the test split needs a validation split");
        }

        if (QatEpochs is < 1 or > 1000)
        {
            throw new ArgumentException($"QAT epochs must be between 1 and 1000, got {QatEpochs}");
        }
    }
}
