using Microsoft.Extensions.Options;
using OpenTelemetry.Metrics;
using Orleans.Configuration;
using QuantGrid.Grains;
using QuantGrid.Grains.Hosting;
using QuantGrid.Grains.Storage;
using QuantGrid.Grains.Workers;
using StackExchange.Redis;

namespace QuantGrid.Silo;

/// <summary>Wires the QuantGrid silo: Orleans (localhost or Redis), workers, metrics, health.</summary>
public static class SiloHostingExtensions
{
    public static WebApplicationBuilder AddQuantGridSilo(this WebApplicationBuilder builder)
    {
        builder.Services.AddOptions<SiloClusterOptions>().BindConfiguration(SiloClusterOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        var cluster = builder.Configuration.GetSection(SiloClusterOptions.Section).Get<SiloClusterOptions>() ?? new SiloClusterOptions();
        var grace = builder.Configuration.GetSection(WorkerOptions.Section).GetValue<TimeSpan?>(nameof(WorkerOptions.GracePeriod)) ?? new WorkerOptions().GracePeriod;
        builder.Services.Configure<HostOptions>(o => o.ShutdownTimeout = grace + TimeSpan.FromSeconds(30));

        builder.UseOrleans(silo =>
        {
            if (cluster.Provider == "redis" && !string.IsNullOrWhiteSpace(cluster.Redis))
            {
                var redis = ConfigurationOptions.Parse(cluster.Redis);
                redis.AbortOnConnectFail = false;
                if (!string.IsNullOrEmpty(cluster.RedisPassword))
                {
                    redis.Password = cluster.RedisPassword;
                }

                silo.UseRedisClustering(o => o.ConfigurationOptions = redis);
                silo.AddRedisGrainStorage(StorageNames.Default, o => o.ConfigurationOptions = redis);
                silo.Configure<ClusterOptions>(o => (o.ClusterId, o.ServiceId) = (cluster.ClusterId, cluster.ServiceId));
                if (System.Net.IPAddress.TryParse(cluster.AdvertisedAddress, out var advertised))
                {
                    silo.ConfigureEndpoints(advertised, cluster.SiloPort, cluster.GatewayPort, listenOnAnyHostAddress: true);
                }
                else
                {
                    silo.ConfigureEndpoints(cluster.SiloPort, cluster.GatewayPort, listenOnAnyHostAddress: true);
                }
            }
            else
            {
                var primary = cluster.PrimarySiloPort > 0 ? new System.Net.IPEndPoint(System.Net.IPAddress.Loopback, cluster.PrimarySiloPort) : null;
                silo.UseLocalhostClustering(cluster.SiloPort, cluster.GatewayPort, primary, cluster.ServiceId, cluster.ClusterId);
                silo.AddFileGrainStorage(StorageNames.Default, cluster.StateDirectory, StateDirectoryLock.Acquire(cluster.StateDirectory, exclusive: false));
            }

            if (!string.IsNullOrEmpty(Environment.GetEnvironmentVariable("POD_NAMESPACE")))
            {
                silo.UseKubernetesHosting();
            }

            silo.Configure<ClusterMembershipOptions>(builder.Configuration.GetSection("QuantGrid:Membership"));
            silo.AddQuantGrid(builder.Configuration);
        });

        builder.Services.AddOpenTelemetry().WithMetrics(metrics => metrics
            .AddMeter(QuantGridTelemetry.MeterName, "Microsoft.Orleans")
            .AddRuntimeInstrumentation()
            .AddPrometheusExporter());
        builder.Services.AddHealthChecks().AddCheck<SiloHealthCheck>("orleans-silo");
        return builder;
    }

    public static WebApplication MapQuantGridEndpoints(this WebApplication app)
    {
        app.MapHealthChecks("/healthz");
        app.MapPrometheusScrapingEndpoint("/metrics");
        app.MapGet("/", (IOptions<SiloClusterOptions> options) => $"QuantGrid silo ({options.Value.Provider} cluster {options.Value.ClusterId})");
        return app;
    }
}
