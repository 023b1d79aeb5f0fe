using System.Reflection;
using QuantGrid.Grains.Workers;
using static QuantGrid.Silo.Tests.RenderedManifests;

namespace QuantGrid.Silo.Tests;

/// <summary>Invariants of the rendered Kubernetes manifests (<c>kubectl kustomize deploy/k8s</c>).</summary>
public sealed class DeploymentTests
{
    private readonly RenderedManifests manifests = Render();

    [Fact]
    public void Workload_selectors_match_their_pod_labels_and_services_select_pods()
    {
        var podLabels = manifests.PodTemplates().Select(p => Map(p.Template, "metadata", "labels")).ToList();
        foreach (var (workload, template) in manifests.PodTemplates().Where(p => Scalar(p.Workload, "kind") != "Job"))
        {
            Assert.True(Matches(Map(workload, "spec", "selector", "matchLabels"), Map(template, "metadata", "labels")), $"{Scalar(workload, "metadata", "name")}: selector does not match its pods");
        }

        foreach (var service in manifests.OfKind("Service"))
        {
            Assert.Contains(podLabels, labels => Matches(Map(service, "spec", "selector"), labels));
        }

        Assert.Contains(podLabels, labels => Matches(Map(manifests.Named("PodDisruptionBudget", "quantgrid-silo"), "spec", "selector", "matchLabels"), labels));
        foreach (var policy in manifests.OfKind("NetworkPolicy"))
        {
            Assert.Contains(podLabels, labels => Matches(Map(policy, "spec", "podSelector", "matchLabels"), labels));
        }
    }

    [Fact]
    public void Every_container_has_resources_and_a_locked_down_security_context()
    {
        foreach (var (workload, template) in manifests.PodTemplates())
        {
            var name = Scalar(workload, "metadata", "name");
            Assert.Equal("true", Scalar(template, "spec", "securityContext", "runAsNonRoot"));
            foreach (var container in Sequence(template, "spec", "containers"))
            {
                foreach (var kind in new[] { "requests", "limits" })
                {
                    Assert.False(string.IsNullOrEmpty(Scalar(container, "resources", kind, "cpu")), $"{name}: no {kind}.cpu");
                    Assert.False(string.IsNullOrEmpty(Scalar(container, "resources", kind, "memory")), $"{name}: no {kind}.memory");
                }

                Assert.Equal("false", Scalar(container, "securityContext", "allowPrivilegeEscalation"));
                Assert.Equal("true", Scalar(container, "securityContext", "readOnlyRootFilesystem"));
                if (Scalar(workload, "kind") != "Job")
                {
                    Assert.NotNull(Node(container, "livenessProbe"));
                    Assert.NotNull(Node(container, "readinessProbe"));
                }
            }
        }
    }

    [Fact]
    public void Silo_ports_probes_and_environment_agree_with_the_silo_configuration()
    {
        var clusterSettings = typeof(SiloClusterOptions).GetProperties().Select(p => p.Name).ToHashSet();
        var workerSettings = typeof(WorkerOptions).GetProperties(BindingFlags.Public | BindingFlags.Instance).Where(p => p.CanWrite).Select(p => p.Name).ToHashSet();
        var silos = manifests.OfKind("Deployment").ToList();
        Assert.Equal(2, silos.Count);
        foreach (var deployment in silos)
        {
            var template = Node(deployment, "spec", "template")!;
            Assert.Equal("quantgrid", Map(template, "metadata", "labels")["orleans/serviceId"]);
            Assert.Equal("quantgrid", Map(template, "metadata", "labels")["orleans/clusterId"]);
            Assert.Equal("quantgrid-silo", Scalar(template, "spec", "serviceAccountName"));
            var container = Sequence(template, "spec", "containers").Single();
            var env = Sequence(container, "env").ToDictionary(e => Scalar(e, "name")!, e => Scalar(e, "value") ?? "(from)");
            var ports = Sequence(container, "ports").ToDictionary(p => Scalar(p, "name")!, p => Scalar(p, "containerPort")!);

            Assert.Equal("redis", env["QuantGrid__Cluster__Provider"]);
            Assert.Equal(env["QuantGrid__Cluster__SiloPort"], ports["silo"]);
            Assert.Equal(env["QuantGrid__Cluster__GatewayPort"], ports["gateway"]);
            Assert.Equal($"http://0.0.0.0:{ports["http"]}", env["Urls"]);
            Assert.True(env.ContainsKey("POD_NAMESPACE"), "Kubernetes hosting is enabled by POD_NAMESPACE");
            foreach (var key in env.Keys.Where(k => k.StartsWith("QuantGrid__", StringComparison.Ordinal)))
            {
                var parts = key.Split("__");
                var known = parts[1] == "Cluster" ? clusterSettings : parts[1] == "Worker" ? workerSettings : [];
                Assert.True(known.Contains(parts[2]), $"{key} is not a silo setting");
            }

            foreach (var probe in new[] { "livenessProbe", "readinessProbe", "startupProbe" })
            {
                Assert.Equal("/healthz", Scalar(container, probe, "httpGet", "path"));
                Assert.Equal("http", Scalar(container, probe, "httpGet", "port"));
            }
        }

        var gpu = manifests.Named("Deployment", "quantgrid-silo-gpu");
        var gpuContainer = Sequence(gpu, "spec", "template", "spec", "containers").Single();
        Assert.Equal("1", Scalar(gpuContainer, "resources", "limits", "nvidia.com/gpu"));
        Assert.Equal("true", Map(gpu, "spec", "template", "spec", "nodeSelector")["nvidia.com/gpu.present"]);
        Assert.Contains(Sequence(gpu, "spec", "template", "spec", "tolerations"), t => Scalar(t, "key") == "nvidia.com/gpu");
        Assert.Contains(Sequence(gpuContainer, "env"), e => Scalar(e, "name") == "QuantGrid__Worker__Role" && Scalar(e, "value") == "gpu");
    }

    [Fact]
    public void Images_are_built_by_the_dockerfiles_that_expose_their_ports()
    {
        var dockerfiles = new Dictionary<string, string>
        {
            ["quantgrid/silo"] = "silo.Dockerfile",
            ["quantgrid/silo-gpu"] = "silo.Dockerfile",
            ["quantgrid/client"] = "client.Dockerfile",
        };
        foreach (var (_, template) in manifests.PodTemplates())
        {
            foreach (var container in Sequence(template, "spec", "containers"))
            {
                var image = Scalar(container, "image")!.Split(':')[0];
                if (image.StartsWith("redis", StringComparison.Ordinal))
                {
                    continue;
                }

                Assert.True(dockerfiles.ContainsKey(image), $"no Dockerfile builds {image}");
                var dockerfile = File.ReadAllText(Path.Combine(RepositoryRoot, "deploy", "docker", dockerfiles[image]));
                Assert.Contains($"-t {image}:", dockerfile, StringComparison.Ordinal);
                Assert.Contains("USER 10001", dockerfile, StringComparison.Ordinal);
                foreach (var port in Sequence(container, "ports").Select(p => Scalar(p, "containerPort")))
                {
                    Assert.Matches($"EXPOSE .*\\b{port}\\b", dockerfile);
                }
            }
        }
    }

    [Fact]
    public void Redis_is_persistent_password_protected_and_reachable_only_by_quantgrid()
    {
        var redis = manifests.Named("StatefulSet", "quantgrid-redis");
        var container = Sequence(redis, "spec", "template", "spec", "containers").Single();
        var command = string.Join(' ', Scalars(container, "command"));
        Assert.Contains("--appendonly yes", command, StringComparison.Ordinal);
        Assert.Contains("requirepass", command, StringComparison.Ordinal);
        Assert.NotEmpty(Sequence(redis, "spec", "volumeClaimTemplates"));
        Assert.Empty(manifests.OfKind("Secret"));
        const string secret = "quantgrid-redis";
        Assert.Contains(Sequence(container, "env"), e => Scalar(e, "valueFrom", "secretKeyRef", "name") == secret);
        var containers = manifests.PodTemplates().SelectMany(p => Sequence(p.Template, "spec", "containers")).ToList();
        foreach (var c in containers)
        {
            var line = string.Join(' ', Scalars(c, "command").Concat(Scalars(c, "args")));
            Assert.DoesNotContain("$(", line, StringComparison.Ordinal);
            Assert.DoesNotContain("password=", line, StringComparison.OrdinalIgnoreCase);
            Assert.DoesNotContain("--requirepass", line, StringComparison.Ordinal);
        }

        Assert.All(
            manifests.PodTemplates().SelectMany(p => Sequence(p.Template, "spec", "containers")).SelectMany(c => Sequence(c, "env")).Select(e => Scalar(e, "valueFrom", "secretKeyRef", "name")).OfType<string>(),
            name => Assert.Equal(secret, name));
        var policy = manifests.Named("NetworkPolicy", "quantgrid-redis");
        var allowed = Sequence(policy, "spec", "ingress").SelectMany(i => Sequence(i, "from")).Select(f => Map(f, "podSelector", "matchLabels")["app.kubernetes.io/name"]).ToHashSet();
        Assert.Equal(["quantgrid-client", "quantgrid-silo"], allowed.Order());
        Assert.Equal("quantgrid-silo-cpu", Scalar(manifests.Named("ScaledObject", "quantgrid-silo-cpu"), "spec", "scaleTargetRef", "name"));
        Assert.Contains(Sequence(manifests.Named("Role", "quantgrid-silo"), "rules"), r => Scalars(r, "resources").Contains("pods") && new[] { "get", "list", "watch" }.All(Scalars(r, "verbs").Contains));
    }
}
