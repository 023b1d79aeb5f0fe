using Orleans.Serialization.Activators;

namespace QuantGrid.Contracts;

/// <summary>
/// Starts every deserialized <see cref="ExperimentSettings"/> from its defaults. Fields added later (recipe, export,
/// validation split, test evaluation, distillation) are then what they meant before they existed when a sweep
/// resumes from state an earlier version wrote, rather than null strings and <see langword="false"/> flags.
/// </summary>
[RegisterActivator]
internal sealed class ExperimentSettingsActivator : IActivator<ExperimentSettings>
{
    public ExperimentSettings Create() => new();
}
