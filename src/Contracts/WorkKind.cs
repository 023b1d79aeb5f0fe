namespace QuantGrid.Contracts;

/// <summary>What a queued piece of work is.</summary>
[GenerateSerializer]
public enum WorkKind
{
    /// <summary>Train (or verify) a float baseline that experiments wait for.</summary>
    Baseline,

    /// <summary>Run one experiment from its trained baseline.</summary>
    Experiment,
}
