using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using QuantGrid.Engine.Tests;

namespace QuantGrid.Silo.Tests;

/// <summary>Starts redis-server and silo processes on loopback for multi-process tests, and kills them afterwards.</summary>
internal sealed class LocalProcesses : IDisposable
{
    private readonly List<Process> processes = [];

    public static string SiloAssembly => RepositoryPaths.BuildOutput("src/Silo", "QuantGrid.Silo.dll");

    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    public int StartRedis(string directory, int? fixedPort = null)
    {
        var port = fixedPort ?? FreePort();
        Start("redis-server", $"--port {port} --bind 127.0.0.1 --dir {directory} --appendonly yes --save \"\"", new Dictionary<string, string>(), Path.Combine(directory, $"redis-{Guid.NewGuid():N}.log"));
        WaitFor(() => CanConnect(port), TimeSpan.FromSeconds(20), $"redis-server on port {port}");
        return port;
    }

    public Process StartSilo(IReadOnlyDictionary<string, string> environment, string log) =>
        Start("dotnet", $"\"{SiloAssembly}\"", environment, log);

    /// <summary>Waits until the silo's /metrics shows at least one busy worker slot (false after <paramref name="timeout"/>).</summary>
    public static Task<bool> WaitBusyAsync(int httpPort, TimeSpan timeout) => PollAsync(httpPort, timeout, async http =>
    {
        var metrics = await http.GetStringAsync(new Uri($"http://127.0.0.1:{httpPort}/metrics"));
        var busy = metrics.Split('\n').FirstOrDefault(line => line.StartsWith("quantgrid_worker_slots_busy", StringComparison.Ordinal));
        return busy is not null && double.Parse(busy[(busy.LastIndexOf(' ') + 1)..], System.Globalization.CultureInfo.InvariantCulture) >= 1;
    });

    public static async Task WaitHealthyAsync(int httpPort, TimeSpan timeout)
    {
        if (!await PollAsync(httpPort, timeout, async http => (await http.GetAsync(new Uri($"http://127.0.0.1:{httpPort}/healthz"))).IsSuccessStatusCode))
        {
            throw new TimeoutException($"silo on http port {httpPort} did not become healthy");
        }
    }

    /// <summary>Asks the silo's HTTP endpoint until <paramref name="ready"/> says yes (a silo not listening yet counts as no); false after <paramref name="timeout"/>.</summary>
    private static async Task<bool> PollAsync(int httpPort, TimeSpan timeout, Func<HttpClient, Task<bool>> ready)
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(2) };
        var deadline = DateTime.UtcNow + timeout;
        while (DateTime.UtcNow < deadline)
        {
            try
            {
                if (await ready(http))
                {
                    return true;
                }
            }
            catch (HttpRequestException)
            {
            }
            catch (TaskCanceledException)
            {
            }

            await Task.Delay(100);
        }

        return false;
    }

    public void Dispose()
    {
        foreach (var process in processes)
        {
            try
            {
                if (!process.HasExited)
                {
                    process.Kill(entireProcessTree: true);
                    process.WaitForExit(10_000);
                }
            }
            catch (InvalidOperationException)
            {
            }

            process.Dispose();
        }
    }

    private Process Start(string file, string arguments, IReadOnlyDictionary<string, string> environment, string log)
    {
        var info = new ProcessStartInfo(file, arguments) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var (key, value) in environment)
        {
            info.Environment[key] = value;
        }

        var process = Process.Start(info) ?? throw new InvalidOperationException($"cannot start {file}");
        var writer = TextWriter.Synchronized(new StreamWriter(log) { AutoFlush = true });
        process.OutputDataReceived += (_, e) => writer.WriteLine(e.Data);
        process.ErrorDataReceived += (_, e) => writer.WriteLine(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        processes.Add(process);
        return process;
    }

    private static bool CanConnect(int port)
    {
        try
        {
            using var client = new TcpClient();
            client.Connect(IPAddress.Loopback, port);
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }

    private static void WaitFor(Func<bool> condition, TimeSpan timeout, string what)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (!condition())
        {
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"{what} did not start");
            }

            Thread.Sleep(100);
        }
    }
}
