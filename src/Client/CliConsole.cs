using Spectre.Console;

namespace QuantGrid.Client;

/// <summary>
/// Where the CLI writes: results to <see cref="Out"/>, diagnostics to <see cref="Error"/>; <see cref="Live"/> progress
/// bars when stderr is a terminal, and <see cref="OutIsTerminal"/> tells whether stdout is one too.
/// </summary>
public sealed record CliConsole(TextWriter Out, TextWriter Error, IAnsiConsole? Live, bool OutIsTerminal = false)
{
    /// <summary>The process's console; live progress bars only when stderr is an interactive terminal.</summary>
    public static CliConsole System { get; } = new(
        Console.Out,
        Console.Error,
        Console.IsErrorRedirected ? null : AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(Console.Error) }),
        !Console.IsOutputRedirected);
}
