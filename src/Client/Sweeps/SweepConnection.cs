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

namespace QuantGrid.Client.Sweeps;

/// <summary>The Orleans side of the CLI: an embedded silo in this process (durable file storage) or a client of a Redis-clustered cluster.</summary>
internal sealed class SweepConnection(IHost host, bool embedded, StateDirectoryLock? stateLock = null) : IAsyncDisposable
{
    public IClusterClient Client { get; } = host.Services.GetRequiredService<IClusterClient>();

    public bool Embedded { get; } = embedded;

    /// <summary>
    /// Connects to the cluster at <paramref name="cluster"/> when one is given; otherwise checks that the data are
    /// there (before any silo starts) and starts the embedded silo with <paramref name="embedded"/>.
    /// </summary>
    public static async Task<SweepConnection> OpenAsync(
        string? cluster, string clusterId, string serviceId, EmbeddedSettings embedded, Engine.Data.DatasetInfo dataset, TextWriter log, CancellationToken cancellationToken, Func<Task>? beforeEmbeddedStart = null)
    {
        if (cluster is not null)
        {
            return await ConnectAsync(cluster, clusterId, serviceId, log, cancellationToken);
        }

        Engine.Data.DatasetLocator.Resolve(dataset, embedded.DataDirectory);
        return await StartEmbeddedAsync(embedded, log, cancellationToken, beforeEmbeddedStart);
    }

    /// <summary>
    /// Starts a single in-process silo on free loopback ports with file-backed grain state under the artifact directory
    /// (state/); <paramref name="beforeStart"/> runs once the state is locked for this process, before the silo (and the
    /// unfinished work it resumes) starts.
    /// </summary>
    public static async Task<SweepConnection> StartEmbeddedAsync(EmbeddedSettings settings, TextWriter log, CancellationToken cancellationToken, Func<Task>? beforeStart = null)
    {
        var stateDirectory = Path.Combine(Path.GetFullPath(settings.Artifacts), "state");
        var stateLock = StateDirectoryLock.Acquire(stateDirectory, exclusive: true);
        if (beforeStart is not null)
        {
            try
            {
                await beforeStart();
            }
            catch
            {
                stateLock.Dispose();
                throw;
            }
        }

        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Configuration.AddEnvironmentVariables();
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["QuantGrid:Worker:Slots"] = settings.Slots.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["QuantGrid:Worker:TorchThreads"] = settings.TorchThreads.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["QuantGrid:Worker:Device"] = settings.Device,
            ["QuantGrid:Worker:Role"] = "auto",
            ["QuantGrid:Worker:QueueRecoveryGrace"] = "00:00:00",
            ["QuantGrid:Worker:GracePeriod"] = "00:00:00",
            ["QuantGrid:Worker:LeaseDuration"] = "1.00:00:00",
            ["QuantGrid:Worker:DataDirectory"] = settings.DataDirectory,
            ["QuantGrid:Worker:ArtifactDirectory"] = Path.GetFullPath(settings.Artifacts),
        });
        if (settings.Configuration is { } configuration)
        {
            builder.Configuration.AddInMemoryCollection(configuration);
        }

        ConfigureLogging(builder.Logging, log);
        builder.Services.AddSingleton<IHostLifetime, CommandLifetime>();
        if (settings.MetricsPort is { } metricsPort)
        {
            builder.Services.AddOpenTelemetry().WithMetrics(metrics => metrics
                .AddMeter(QuantGridTelemetry.MeterName, "Microsoft.Orleans")
                .AddRuntimeInstrumentation()
                .AddPrometheusHttpListener(o => (o.Host, o.Port) = ("127.0.0.1", metricsPort)));
        }

        var gateway = new EmbeddedGateway(Environment.ProcessId, FreePort(), $"embedded-{Environment.ProcessId}", EmbeddedGateway.ServiceId);
        builder.UseOrleans(silo =>
        {
            silo.UseLocalhostClustering(FreePort(), gateway.Port, serviceId: gateway.Service, clusterId: gateway.Cluster);
            silo.AddQuantGrid(builder.Configuration);
            silo.AddFileGrainStorage(StorageNames.Default, stateDirectory, stateLock);
        });
        var host = builder.Build();
        try
        {
            await host.StartAsync(cancellationToken);
        }
        catch
        {
            host.Dispose();
            stateLock.Dispose();
            throw;
        }

        gateway.Write(stateDirectory);
        return new SweepConnection(host, embedded: true, stateLock);
    }

    /// <summary>
    /// A client of the embedded silo of the quantgrid process that runs a sweep on <paramref name="artifacts"/> now
    /// (it publishes its gateway under state/), for <c>status --watch</c> from another terminal; null when none runs.
    /// </summary>
    public static async Task<SweepConnection?> AttachEmbeddedAsync(string artifacts, TextWriter log, CancellationToken cancellationToken)
    {
        if (EmbeddedGateway.Read(Path.Combine(Path.GetFullPath(artifacts), "state")) is not { } gateway)
        {
            return null;
        }

        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        ConfigureLogging(builder.Logging, log);
        builder.Services.AddSingleton<IHostLifetime, CommandLifetime>();
        builder.UseOrleansClient(client =>
        {
            client.UseStaticClustering(new IPEndPoint(IPAddress.Loopback, gateway.Port));
            client.Configure<ClusterOptions>(o => (o.ClusterId, o.ServiceId) = (gateway.Cluster, gateway.Service));
        });
        var host = builder.Build();
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(TimeSpan.FromSeconds(10));
        try
        {
            await host.StartAsync(timeout.Token);
            return new SweepConnection(host, embedded: true);
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            host.Dispose();
            return null;
        }
    }

    /// <summary>Connects as a client to the cluster whose membership is in the Redis at <paramref name="connection"/>.</summary>
    public static async Task<SweepConnection> ConnectAsync(string connection, string clusterId, string serviceId, TextWriter log, CancellationToken cancellationToken)
    {
        var options = RedisConnection.Parse(connection);
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        ConfigureLogging(builder.Logging, log);
        builder.Services.AddSingleton<IHostLifetime, CommandLifetime>();
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
            throw new ClusterUnreachableException($"cannot reach the cluster at {RedisConnection.Redact(connection)} ({RedisConnection.Redact(ex.GetBaseException().Message)})", ex);
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
            if (stateLock is not null)
            {
                EmbeddedGateway.Remove(stateLock.Directory);
            }

            stateLock?.Dispose();
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
