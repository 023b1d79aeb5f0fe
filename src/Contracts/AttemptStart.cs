namespace QuantGrid.Contracts;

/// <summary>What a worker may do with an experiment it leased: run attempt <see cref="Attempt"/>, or nothing (already finished or out of attempts).</summary>
[GenerateSerializer, Immutable, Alias("QuantGrid.AttemptStart")]
public sealed record AttemptStart(
    [property: Id(0)] bool Run,
    [property: Id(1)] int Attempt);
