namespace QuantGrid.Engine.Quantization;

/// <summary>How activation (and weight) ranges are chosen from observed values.</summary>
public enum CalibrationMethod
{
    /// <summary>Min-max at 4 bits and above (wide grids lose nothing to outliers; bounded ReLU6 ranges are kept whole), percentile at 2–3 bits (the default).</summary>
    Auto,

    /// <summary>Smallest and largest value seen.</summary>
    MinMax,

    /// <summary>Exponential moving average (momentum 0.9) of each batch's min and max.</summary>
    MovingAverage,

    /// <summary>The 0.01 % and 99.99 % percentiles of the observed values.</summary>
    Percentile,

    /// <summary>The clipping range that minimises the quantization mean squared error (grid search).</summary>
    Mse,
}
