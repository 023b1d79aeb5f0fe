namespace QuantGrid.Client.Sweeps;

/// <summary>
/// How a sweep's progress is shown: live bars when stdout and stderr are a terminal; otherwise timestamped lines on
/// stdout, or on stderr when stdout must stay machine-readable (<c>--json</c>, <c>--quiet</c>).
/// </summary>
internal sealed record SweepDisplay(bool Live, TextWriter Lines, TimeSpan Heartbeat)
{
    /// <summary>The heartbeat period of the line log: once a minute, or <c>QUANTGRID_HEARTBEAT_SECONDS</c>.</summary>
    public static TimeSpan DefaultHeartbeat =>
        double.TryParse(Environment.GetEnvironmentVariable("QUANTGRID_HEARTBEAT_SECONDS"), System.Globalization.CultureInfo.InvariantCulture, out var seconds) && seconds > 0
            ? TimeSpan.FromSeconds(seconds)
            : TimeSpan.FromMinutes(1);

    public static SweepDisplay For(CliConsole console, bool machineReadable) =>
        machineReadable ? new(false, console.Error, DefaultHeartbeat)
        : console is { Live: not null, OutIsTerminal: true } ? new(true, console.Error, DefaultHeartbeat)
        : new(false, console.Out, DefaultHeartbeat);
}
