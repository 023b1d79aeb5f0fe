using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Orleans.Serialization;
using Orleans.Storage;
using QuantGrid.Engine.Runtime;
using QuantGrid.Grains.Storage;
using QuantGrid.Grains.Workers;
using TorchSharp;

namespace QuantGrid.Grains.Hosting;

/// <summary>Adds QuantGrid's grains' services to a silo: worker pool and the lease worker that feeds it, engine executor, capabilities, telemetry.</summary>
public static class QuantGridSiloBuilderExtensions
{
    /// <summary>Registers the QuantGrid services; worker settings come from <c>QuantGrid:Worker</c>.</summary>
    public static ISiloBuilder AddQuantGrid(this ISiloBuilder silo, IConfiguration configuration)
    {
        var worker = configuration.GetSection(WorkerOptions.Section).Get<WorkerOptions>() ?? new WorkerOptions();
        silo.Services.AddOptions<WorkerOptions>().BindConfiguration(WorkerOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        silo.Services.AddOptions<TestingOptions>().BindConfiguration(TestingOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        var testing = configuration.GetSection(TestingOptions.Section).Get<TestingOptions>() ?? new TestingOptions();
        silo.Services.AddSingleton<WorkerPool>();
        silo.Services.TryAddSingleton<IExperimentExecutor>(services =>
        {
            var gated = testing.Enabled ? testing : new TestingOptions();
            IExperimentExecutor executor = gated.Workload == "sleep"
                ? ActivatorUtilities.CreateInstance<SleepExecutor>(services)
                : ActivatorUtilities.CreateInstance<EngineExecutor>(services);
            return gated.Fault == "none" ? executor : new FaultInjectingExecutor(executor, services.GetRequiredService<Microsoft.Extensions.Options.IOptions<TestingOptions>>());
        });
        silo.Services.AddSingleton<QuantGridTelemetry>();
        silo.Services.AddHostedService<TorchStartup>();
        silo.Services.AddHostedService<TestingModeNotice>();
        silo.Services.AddSingleton(Capabilities(worker));
        silo.Services.AddSingleton<LeaseWorker>();
        silo.Services.AddSingleton<ILifecycleParticipant<ISiloLifecycle>>(services => services.GetRequiredService<LeaseWorker>());
        AddSingleActivationDirectory(silo);
        return silo;
    }

    /// <summary>
    /// Durable file-backed grain storage (the embedded silo's default) under <paramref name="directory"/>, which
    /// <paramref name="owner"/> has locked for this silo (the caller releases it after the host stops); without an owner it is read-only.
    /// </summary>
    public static ISiloBuilder AddFileGrainStorage(this ISiloBuilder silo, string name, string directory, StateDirectoryLock? owner)
    {
        silo.Services.AddKeyedSingleton<IGrainStorage>(name, (services, _) => new FileGrainStorage(directory, services.GetRequiredService<Serializer>(), owner));
        return silo;
    }

    /// <summary>
    /// The strongly consistent grain directory: a silo that joins or leaves hands its directory ranges over instead of
    /// dropping them, so the work queue and the sweeps are never activated twice while membership changes (the default
    /// directory is only eventually consistent: a join could re-activate the queue grain on the new silo, and that
    /// activation then paused leasing for the recovery grace).
    /// </summary>
    private static void AddSingleActivationDirectory(ISiloBuilder silo)
    {
#pragma warning disable ORLEANSEXP003 // Opt-in in Orleans 10; the default directory allows duplicate activations during membership changes.
        silo.AddDistributedGrainDirectory();
#pragma warning restore ORLEANSEXP003
    }

    /// <summary>This silo's capabilities from its worker options (role <c>auto</c> asks libtorch for CUDA).</summary>
    public static SiloCapabilities Capabilities(WorkerOptions worker)
    {
        var role = worker.Role;
        var gpus = 0;
        if (role != SiloCapabilities.Cpu)
        {
            TorchRuntime.EnsureInitialized();
            gpus = torch.cuda.is_available() ? torch.cuda.device_count() : 0;
            role = role == "auto" ? (gpus > 0 ? SiloCapabilities.Gpu : SiloCapabilities.Cpu) : role;
        }

        return new SiloCapabilities(role, worker.Slots, gpus);
    }
}
