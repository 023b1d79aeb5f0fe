namespace QuantGrid.Engine.Experiments;

/// <summary>How an experiment produces its model.</summary>
public enum QuantMethod
{
    /// <summary>The float baseline itself.</summary>
    Float,

    /// <summary>Post-training quantization: calibrate the float model, correct biases, no training.</summary>
    Ptq,

    /// <summary>Quantization-aware training: fine-tune the float model with fake quantization and learned step sizes.</summary>
    Qat,
}
