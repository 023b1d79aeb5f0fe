using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Orleans.Configuration;
using QuantGrid.Grains;
using QuantGrid.Grains.Hosting;
using QuantGrid.Grains.Storage;
using OpenTelemetry.Metrics;
using StackExchange.Redis;

namespace QuantGrid.Client.Sweeps;

/// <summary>The Orleans side of the CLI: an embedded silo in this process (durable file storage) or a client of a Redis-clustered cluster.</summary>
internal sealed class SweepConnection(IHost host, bool embedded, StateDirectoryLock? stateLock = null) : IAsyncDisposable
{
    public IClusterClient Client { get; } = host.Services.GetRequiredService<IClusterClient>();

    public bool Embedded { get; } = embedded;

    /// <summary>Starts a single in-process silo on free loopback ports with file-backed grain state under the artifact directory (state/).</summary>
    public static async Task<SweepConnection> StartEmbeddedAsync(EmbeddedSettings settings, TextWriter log, CancellationToken cancellationToken)
    {
        var stateDirectory = Path.Combine(Path.GetFullPath(settings.Artifacts), "state");
        var stateLock = settings.ReadOnly ? null : StateDirectoryLock.Acquire(stateDirectory, exclusive: true);
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Configuration.AddEnvironmentVariables();
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["QuantGrid:Worker:Slots"] = settings.Slots.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["QuantGrid:Worker:TorchThreads"] = settings.TorchThreads.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["QuantGrid:Worker:Device"] = settings.Device,
            ["QuantGrid:Worker:Role"] = "auto",
            ["QuantGrid:Worker:Reminders"] = "false",
            ["QuantGrid:Worker:DataDirectory"] = settings.DataDirectory,
            ["QuantGrid:Worker:ArtifactDirectory"] = Path.GetFullPath(settings.Artifacts),
        });
        if (settings.Configuration is { } configuration)
        {
            builder.Configuration.AddInMemoryCollection(configuration);
        }

        ConfigureLogging(builder.Logging, log);
        if (settings.MetricsPort is { } metricsPort)
        {
            builder.Services.AddOpenTelemetry().WithMetrics(metrics => metrics
                .AddMeter(QuantGridTelemetry.MeterName, "Microsoft.Orleans")
                .AddRuntimeInstrumentation()
                .AddPrometheusHttpListener(o => (o.Host, o.Port) = ("127.0.0.1", metricsPort)));
        }

        builder.UseOrleans(silo =>
        {
            silo.UseLocalhostClustering(FreePort(), FreePort(), serviceId: "quantgrid-embedded", clusterId: $"embedded-{Environment.ProcessId}");
            silo.AddQuantGrid(builder.Configuration);
            silo.AddFileGrainStorage(StorageNames.Default, stateDirectory, stateLock);
            silo.UseInMemoryReminderService();
        });
        var host = builder.Build();
        try
        {
            await host.StartAsync(cancellationToken);
        }
        catch
        {
            host.Dispose();
            stateLock?.Dispose();
            throw;
        }

        return new SweepConnection(host, embedded: true, stateLock);
    }

    /// <summary>Connects as a client to the cluster whose membership is in the Redis at <paramref name="connection"/>.</summary>
    public static async Task<SweepConnection> ConnectAsync(string connection, string clusterId, string serviceId, TextWriter log, CancellationToken cancellationToken)
    {
        var options = ParseRedis(connection);
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        ConfigureLogging(builder.Logging, log);
        builder.UseOrleansClient(client =>
        {
            client.UseRedisClustering(redis => redis.ConfigurationOptions = options);
            client.Configure<ClusterOptions>(o => (o.ClusterId, o.ServiceId) = (clusterId, serviceId));
            client.Configure<GatewayOptions>(o => o.GatewayListRefreshPeriod = TimeSpan.FromSeconds(5));
        });
        var host = builder.Build();
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(TimeSpan.FromSeconds(30));
        try
        {
            await host.StartAsync(timeout.Token);
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            host.Dispose();
            throw new ClusterUnreachableException($"cannot reach the cluster at {connection} ({ex.GetBaseException().Message})", ex);
        }

        return new SweepConnection(host, embedded: false);
    }

    public async ValueTask DisposeAsync()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        try
        {
            await host.StopAsync(timeout.Token);
        }
        finally
        {
            host.Dispose();
            stateLock?.Dispose();
        }
    }

    private static ConfigurationOptions ParseRedis(string connection)
    {
        var text = connection.StartsWith("redis://", StringComparison.OrdinalIgnoreCase) ? connection["redis://".Length..] : connection;
        try
        {
            var options = ConfigurationOptions.Parse(text);
            options.AbortOnConnectFail = false;
            options.ConnectTimeout = 5000;
            return options;
        }
        catch (ArgumentException ex)
        {
            throw new ArgumentException($"--cluster: '{connection}' is not a Redis connection string ({ex.Message})", ex);
        }
    }

    private static void ConfigureLogging(ILoggingBuilder logging, TextWriter log)
    {
        logging.ClearProviders();
        logging.SetMinimumLevel(LogLevel.Warning);
        logging.AddFilter("Orleans", LogLevel.Error);
        logging.AddProvider(new WriterLoggerProvider(log));
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
