namespace QuantGrid.Client;

/// <summary>The process exit codes of <c>quantgrid</c>.</summary>
public static class ExitCodes
{
    public const int Success = 0;

    /// <summary>The work ran but failed (for example training diverged) or some experiments failed.</summary>
    public const int Failed = 1;

    /// <summary>Bad usage or input: unknown options, invalid values, missing or damaged data.</summary>
    public const int UsageError = 2;

    public const int Cancelled = 130;
}
