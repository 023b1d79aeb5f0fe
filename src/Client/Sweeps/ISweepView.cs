using QuantGrid.Contracts;

namespace QuantGrid.Client.Sweeps;

/// <summary>How a followed sweep is shown: a live view on a terminal, timestamped lines otherwise.</summary>
internal interface ISweepView
{
    void Status(SweepStatus status);

    /// <summary>A result; <paramref name="replay"/> for those recorded before the view started.</summary>
    void Result(ExperimentResult result, bool replay);

    void Update(ExperimentUpdate update);

    /// <summary>Called about once a second while the sweep runs.</summary>
    void Tick(DateTimeOffset now);
}
