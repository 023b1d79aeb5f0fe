using Microsoft.Extensions.Logging;

namespace QuantGrid.Client.Sweeps;

/// <summary>Writes warnings and errors of the embedded silo or client as single lines to a writer (stderr), never to stdout.</summary>
internal sealed class WriterLoggerProvider(TextWriter writer) : ILoggerProvider
{
    public ILogger CreateLogger(string categoryName) => new WriterLogger(writer, categoryName);

    public void Dispose()
    {
    }

    private sealed class WriterLogger(TextWriter writer, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Warning;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (IsEnabled(logLevel))
            {
                lock (writer)
                {
                    writer.WriteLine($"{logLevel.ToString().ToLowerInvariant()}: {category.Split('.')[^1]}: {formatter(state, exception)}{(exception is null ? "" : $" ({exception.GetBaseException().Message})")}");
                }
            }
        }
    }
}
