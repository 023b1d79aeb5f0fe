namespace QuantGrid.Engine.Models;

/// <summary>The non-linearity applied after a layer.</summary>
public enum Activation
{
    None,
    Relu,
    Relu6,
}
