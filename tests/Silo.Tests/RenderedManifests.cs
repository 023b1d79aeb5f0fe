using System.Diagnostics;
using QuantGrid.Engine.Tests;
using YamlDotNet.RepresentationModel;

namespace QuantGrid.Silo.Tests;

/// <summary>The output of <c>kubectl kustomize deploy/k8s</c>, parsed into YAML nodes.</summary>
internal sealed class RenderedManifests
{
    private RenderedManifests(IReadOnlyList<YamlMappingNode> documents) => Documents = documents;

    public IReadOnlyList<YamlMappingNode> Documents { get; }

    public static string RepositoryRoot => RepositoryPaths.Root;

    public static RenderedManifests Render()
    {
        var info = new ProcessStartInfo("kubectl", ["kustomize", Path.Combine(RepositoryRoot, "deploy", "k8s")])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        using var process = Process.Start(info)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEnd();
        process.WaitForExit();
        Assert.True(process.ExitCode == 0, $"kubectl kustomize failed: {error}");
        var stream = new YamlStream();
        stream.Load(new StringReader(output.Result));
        return new RenderedManifests([.. stream.Documents.Select(d => (YamlMappingNode)d.RootNode)]);
    }

    public IEnumerable<YamlMappingNode> OfKind(string kind) => Documents.Where(d => Scalar(d, "kind") == kind);

    public YamlMappingNode Named(string kind, string name) => OfKind(kind).Single(d => Scalar(d, "metadata", "name") == name);

    /// <summary>Pod templates of Deployments, StatefulSets and Jobs.</summary>
    public IEnumerable<(YamlMappingNode Workload, YamlMappingNode Template)> PodTemplates() =>
        Documents.Where(d => Scalar(d, "kind") is "Deployment" or "StatefulSet" or "Job")
            .Select(d => (d, (YamlMappingNode)Node(d, "spec", "template")!));

    public static YamlNode? Node(YamlNode node, params string[] path)
    {
        foreach (var key in path)
        {
            if (node is not YamlMappingNode mapping || !mapping.Children.TryGetValue(new YamlScalarNode(key), out var next))
            {
                return null;
            }

            node = next;
        }

        return node;
    }

    public static string? Scalar(YamlNode node, params string[] path) => (Node(node, path) as YamlScalarNode)?.Value;

    public static IReadOnlyDictionary<string, string> Map(YamlNode node, params string[] path) =>
        Node(node, path) is YamlMappingNode mapping
            ? mapping.Children.ToDictionary(c => ((YamlScalarNode)c.Key).Value!, c => (c.Value as YamlScalarNode)?.Value ?? "")
            : new Dictionary<string, string>();

    public static IEnumerable<YamlMappingNode> Sequence(YamlNode node, params string[] path) =>
        Node(node, path) is YamlSequenceNode sequence ? sequence.Children.OfType<YamlMappingNode>() : [];

    public static IReadOnlyList<string> Scalars(YamlNode node, params string[] path) =>
        Node(node, path) is YamlSequenceNode sequence ? [.. sequence.Children.OfType<YamlScalarNode>().Select(s => s.Value!)] : [];

    public static bool Matches(IReadOnlyDictionary<string, string> selector, IReadOnlyDictionary<string, string> labels) =>
        selector.Count > 0 && selector.All(s => labels.TryGetValue(s.Key, out var value) && value == s.Value);
}
