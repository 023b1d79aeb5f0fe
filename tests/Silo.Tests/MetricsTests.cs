using System.Diagnostics;
using System.Text.Json;
using System.Text.RegularExpressions;
using QuantGrid.Client.Tests;

namespace QuantGrid.Silo.Tests;

/// <summary>The silos' /metrics after a sweep carry every metric the Grafana dashboard and the alert rules use, and pass promtool.</summary>
[Collection(SiloProcessesCollection.Name)]
public sealed partial class MetricsTests(SiloProcessesFixture cluster)
{
    private static string Dashboard => Path.Combine(RenderedManifests.RepositoryRoot, "deploy", "k8s", "grafana", "quantgrid-dashboard.json");

    private static string Rules => Path.Combine(RenderedManifests.RepositoryRoot, "deploy", "k8s", "prometheus", "quantgrid-rules.yml");

    [Fact]
    public async Task Every_metric_in_the_dashboard_and_the_rules_is_exported_and_the_scrape_passes_promtool()
    {
        var run = await CliRun.RunAsync(
        [
            "sweep", .. cluster.ClientArguments, "--models", "cnn", "--methods", "float,ptq,qat", "--bits", "4", "--seeds", "7",
            "--train-limit", "600", "--test-limit", "100", "--epochs", "1", "--qat-epochs", "1", "--export", "onnx", "--out", Path.Combine(cluster.Temp.Path, "metrics"), "--json",
        ]);
        Assert.True(run.ExitCode == 0, run.Error + run.Out);

        var scrapes = new List<string>();
        using var http = new HttpClient();
        foreach (var port in cluster.HttpPorts)
        {
            scrapes.Add(await http.GetStringAsync(new Uri($"http://127.0.0.1:{port}/metrics"), TestContext.Current.CancellationToken));
        }

        var exported = scrapes.SelectMany(s => s.Split('\n')).Where(l => l.Length > 0 && l[0] != '#').Select(l => MetricName().Match(l).Value).ToHashSet();
        var used = UsedMetrics().ToList();
        Assert.Contains("quantgrid_sweep_experiments_done", used);
        Assert.Contains("orleans_catalog_activations", used);
        foreach (var name in used)
        {
            Assert.True(exported.Contains(name), $"{name} is used by the dashboard or the rules but not exported");
        }

        foreach (var scrape in scrapes)
        {
            var (whole, _) = Promtool(["check", "metrics"], scrape);
            Assert.True(whole is 0 or 3, $"promtool could not parse the scrape (exit {whole})");
            var ours = string.Join('\n', scrape.Split('\n').Where(l => l.StartsWith("quantgrid_", StringComparison.Ordinal) || l.StartsWith("# HELP quantgrid_", StringComparison.Ordinal) || l.StartsWith("# TYPE quantgrid_", StringComparison.Ordinal))) + "\n";
            var (lint, output) = Promtool(["check", "metrics"], ours);
            Assert.True(lint == 0, $"QuantGrid metrics fail promtool's lint: {output}");
        }

        var (rules, rulesOutput) = Promtool(["check", "rules", Rules], "");
        Assert.True(rules == 0, rulesOutput);
    }

    private static IEnumerable<string> UsedMetrics()
    {
        var expressions = JsonDocument.Parse(File.ReadAllText(Dashboard)).RootElement.GetProperty("panels").EnumerateArray()
            .SelectMany(p => p.GetProperty("targets").EnumerateArray()).Select(t => t.GetProperty("expr").GetString()!)
            .Append(File.ReadAllText(Rules));
        return expressions.SelectMany(e => Referenced().Matches(e).Select(m => m.Value)).Distinct();
    }

    private static (int ExitCode, string Output) Promtool(string[] arguments, string input)
    {
        var info = new ProcessStartInfo("promtool", arguments) { RedirectStandardInput = true, RedirectStandardOutput = true, RedirectStandardError = true };
        using var process = Process.Start(info)!;
        process.StandardInput.Write(input);
        process.StandardInput.Close();
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEnd();
        process.WaitForExit();
        return (process.ExitCode, output.Result + error);
    }

    [GeneratedRegex("^[a-zA-Z_:][a-zA-Z0-9_:]*")]
    private static partial Regex MetricName();

    [GeneratedRegex(@"\b(quantgrid|orleans|dotnet)_[a-z0-9_]+\b")]
    private static partial Regex Referenced();
}
