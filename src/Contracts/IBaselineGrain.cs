namespace QuantGrid.Contracts;

/// <summary>A float baseline (key: <see cref="BaselineSpec.Key"/>): trained once, stored in the artifact store, reused by every experiment of that model and seed.</summary>
public interface IBaselineGrain : IGrainWithStringKey
{
    /// <summary>Returns the checkpoint, training it first if needed; concurrent callers wait on the same training (hours for VGG16 on a CPU, hence the long timeout).</summary>
    [ResponseTimeout("12:00:00")]
    Task<BaselineInfo> EnsureTrainedAsync(BaselineSpec spec);
}
