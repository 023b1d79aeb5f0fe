namespace QuantGrid.Engine.Training;

/// <summary>The optimiser used for training.</summary>
public enum OptimizerKind
{
    AdamW,
    Sgd,
}
