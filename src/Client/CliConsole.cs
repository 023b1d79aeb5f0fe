using Spectre.Console;

namespace QuantGrid.Client;

/// <summary>Where the CLI writes: results to <see cref="Out"/>, diagnostics and progress to <see cref="Error"/>.</summary>
public sealed record CliConsole(TextWriter Out, TextWriter Error, IAnsiConsole? Live)
{
    /// <summary>The process's console; live progress bars only when stderr is an interactive terminal.</summary>
    public static CliConsole System { get; } = new(
        Console.Out,
        Console.Error,
        Console.IsErrorRedirected ? null : AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(Console.Error) }));
}
