namespace QuantGrid.Contracts;

/// <summary>How an experiment produces its model.</summary>
[GenerateSerializer]
public enum ExperimentMethod
{
    /// <summary>The float baseline.</summary>
    Float,

    /// <summary>Post-training quantization with calibration.</summary>
    Ptq,

    /// <summary>Quantization-aware training.</summary>
    Qat,
}
