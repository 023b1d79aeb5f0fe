using System.Runtime.InteropServices;
using QuantGrid.Client;

// Ctrl-C and SIGTERM cancel the command: a sweep hands its running experiments back (no attempt spent) and exits.
using var cancellation = new CancellationTokenSource();
void Cancel(PosixSignalContext context)
{
    context.Cancel = true;
    cancellation.Cancel();
}

using var interrupt = PosixSignalRegistration.Create(PosixSignal.SIGINT, Cancel);
using var terminate = PosixSignalRegistration.Create(PosixSignal.SIGTERM, Cancel);
return await QuantGridCli.RunAsync(args, CliConsole.System, cancellation.Token);
